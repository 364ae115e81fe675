//! A small page-layout helper over `pdf-writer`: A4 pages (portrait or landscape) with
//! margins, lines of text in three styles (regular, bold, italic) wrapped by measured glyph
//! widths, centred or right-aligned text, rules, a table of rows that never splits a row
//! across pages, a ruled grid whose heading row repeats on every page, a QR code drawn as
//! filled squares, and links.
//!
//! Coordinates are PDF points (1/72 inch) from the bottom-left corner of the page. The
//! flowing cursor [`Doc::y`] is the top of the free area of the current page; flowing
//! methods ([`Doc::paragraph`], [`Doc::table`]) move it down and start a new page when the
//! bottom margin is reached. Absolute methods ([`Doc::block`], [`Doc::rule`], [`Doc::qr`])
//! draw where they are told and leave the cursor alone.
//!
//! Text is put in Unicode normalisation form C and shown glyph by glyph through the font's
//! `cmap` (no shaping, no kerning), which is right for Vietnamese: every precomposed
//! Vietnamese letter has its own glyph in the embedded fonts, so decomposed input (base
//! letter + combining marks, as some keyboards and systems send it) prints and extracts like
//! precomposed input. A character the font lacks is drawn as `?` so that a slip is always
//! produced. Only the glyphs used are
//! embedded (subset with `subsetter`), each font as a CID-keyed TrueType font with a
//! `ToUnicode` map, so the text can be searched, copied and extracted.

use std::collections::BTreeMap;

use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};
use unicode_normalization::UnicodeNormalization;

use super::SlipError;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 width in points.
pub const A4_WIDTH: f32 = 210.0 * MM;
/// A4 height in points.
pub const A4_HEIGHT: f32 = 297.0 * MM;

/// Where the top of a text line box lies above its baseline, in ems. Liberation Serif's
/// ascender is 0.891 em; stacked Vietnamese capitals (Ễ, Ẫ) reach about 1.0 em.
const ASCENT: f32 = 0.95;

static SERIF_REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
static SERIF_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");

/// The character collection of every embedded font: glyphs are addressed by CID = glyph
/// id of the subset (`Identity-H` encoding, identity CID-to-GID map).
const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// A text style; each is one embedded font.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Liberation Serif Regular.
    Regular,
    /// Liberation Serif Bold.
    Bold,
    /// Liberation Serif Italic.
    Italic,
}

impl Style {
    fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
        }
    }
}

/// Horizontal alignment of a line inside its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A piece of text in one style. Spans of a paragraph are laid out one after the other;
/// a line may break at any space, and inside a word only when the word alone is wider
/// than the line.
#[derive(Clone, Copy, Debug)]
pub struct Span<'a> {
    /// The style.
    pub style: Style,
    /// The text; `\n` forces a line break, other whitespace runs count as one space, a
    /// no-break space (U+00A0) joins the words around it.
    pub text: &'a str,
}

/// A regular span.
pub fn regular(text: &str) -> Span<'_> {
    Span {
        style: Style::Regular,
        text,
    }
}

/// A bold span.
pub fn bold(text: &str) -> Span<'_> {
    Span {
        style: Style::Bold,
        text,
    }
}

/// An italic span.
pub fn italic(text: &str) -> Span<'_> {
    Span {
        style: Style::Italic,
        text,
    }
}

/// One laid-out line: pieces of text with their style, and the total width in points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pieces: Vec<(Style, String)>,
    width: f32,
}

/// Font size and line height of a paragraph or block.
#[derive(Clone, Copy, Debug)]
pub struct Font {
    /// Font size in points.
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
}

impl Font {
    /// A font size with the given line-height factor.
    pub const fn new(size: f32, leading: f32) -> Self {
        Font { size, leading }
    }

    /// The line height in points.
    pub fn line_height(self) -> f32 {
        self.size * self.leading
    }
}

/// A column of [`Doc::table`].
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Width in points, including the gap to the next column.
    pub width: f32,
    /// Space kept free at the right of the column, in points.
    pub gap: f32,
    /// Alignment of the cell text.
    pub align: Align,
    /// Style of the cell text.
    pub style: Style,
}

/// A column of [`Doc::grid`].
#[derive(Clone, Copy, Debug)]
pub struct GridColumn<'a> {
    /// The heading, printed bold and centred in the heading row.
    pub title: &'a str,
    /// Width in points, from border to border.
    pub width: f32,
    /// Alignment of the cell text.
    pub align: Align,
}

/// Space between a grid cell's border and its text, in points.
pub const CELL_PAD: f32 = 1.2 * MM;

/// What [`Doc::block`] drew.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The y coordinate under the last line box.
    pub bottom: f32,
    /// The width of each line drawn, in points.
    pub line_widths: Vec<f32>,
}

/// An embedded font: the parsed face and the glyphs used so far.
struct FontFace {
    face: Face<'static>,
    data: &'static [u8],
    /// PostScript name with a subset tag, e.g. `MCTUAA+LiberationSerif`.
    name: &'static str,
    flags: FontFlags,
    stem_v: f32,
    /// Old glyph id → glyph id in the subset (also the CID).
    remapper: GlyphRemapper,
    /// Subset glyph id → the character it was first drawn for (for `ToUnicode`).
    unicode: BTreeMap<u16, char>,
    /// The glyph drawn for characters the font lacks.
    fallback: GlyphId,
}

impl FontFace {
    fn load(
        data: &'static [u8],
        name: &'static str,
        flags: FontFlags,
        stem_v: f32,
    ) -> Result<Self, SlipError> {
        let face = Face::parse(data, 0).map_err(|e| SlipError::Font(format!("{name}: {e}")))?;
        let fallback = face.glyph_index('?').unwrap_or(GlyphId(0));
        Ok(FontFace {
            face,
            data,
            name,
            flags,
            stem_v,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
            fallback,
        })
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(self.fallback)
    }

    /// Width of `text` at 1 pt.
    fn measure(&self, text: &str) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.face.glyph_hor_advance(self.glyph(c)).unwrap_or(0)))
            .sum();
        units as f32 / f32::from(self.face.units_per_em())
    }

    /// The string of two-byte CIDs showing `text`; records the glyphs for the subset.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let glyph = self.glyph(c);
            let cid = self.remapper.remap(glyph.0);
            let shown = if glyph == self.fallback { '?' } else { c };
            self.unicode.entry(cid).or_insert(shown);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }

    /// Scale from font units to the PDF's 1000-unit glyph space.
    fn to_pdf_units(&self, v: f32) -> f32 {
        v * 1000.0 / f32::from(self.face.units_per_em())
    }
}

/// A document being laid out.
pub struct Doc {
    fonts: [FontFace; 3],
    /// Page size in points (every page of a document has the same).
    page_width: f32,
    page_height: f32,
    pages: Vec<Content>,
    links: Vec<Vec<(Rect, String)>>,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    y: f32,
    continuation: Option<String>,
    /// The page drawn on: the last one, except while `finish` numbers the pages.
    current: usize,
}

impl Doc {
    /// A document with one empty A4 page and the given margins in millimetres.
    pub fn new(top: f32, right: f32, bottom: f32, left: f32) -> Result<Self, SlipError> {
        Self::with_page(A4_WIDTH, A4_HEIGHT, [top, right, bottom, left])
    }

    /// A document with one empty landscape A4 page (for wide tables such as the register
    /// book) and the given margins in millimetres.
    pub fn new_landscape(top: f32, right: f32, bottom: f32, left: f32) -> Result<Self, SlipError> {
        Self::with_page(A4_HEIGHT, A4_WIDTH, [top, right, bottom, left])
    }

    /// A document of pages `width` × `height` points; margins in millimetres, in the order
    /// top, right, bottom, left.
    fn with_page(width: f32, height: f32, margins: [f32; 4]) -> Result<Self, SlipError> {
        let [top, right, bottom, left] = margins;
        let fonts = [
            FontFace::load(
                SERIF_REGULAR,
                "MCTUAA+LiberationSerif",
                FontFlags::SERIF | FontFlags::SYMBOLIC,
                80.0,
            )?,
            FontFace::load(
                SERIF_BOLD,
                "MCTUAB+LiberationSerif-Bold",
                FontFlags::SERIF | FontFlags::SYMBOLIC | FontFlags::FORCE_BOLD,
                140.0,
            )?,
            FontFace::load(
                SERIF_ITALIC,
                "MCTUAC+LiberationSerif-Italic",
                FontFlags::SERIF | FontFlags::SYMBOLIC | FontFlags::ITALIC,
                80.0,
            )?,
        ];
        let top = height - top * MM;
        Ok(Doc {
            fonts,
            page_width: width,
            page_height: height,
            pages: vec![Content::new()],
            links: vec![Vec::new()],
            left: left * MM,
            right: width - right * MM,
            top,
            bottom: bottom * MM,
            y: top,
            continuation: None,
            current: 0,
        })
    }

    /// Left edge of the text area.
    pub fn left(&self) -> f32 {
        self.left
    }

    /// Width of the text area.
    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    /// Bottom margin line.
    pub fn bottom(&self) -> f32 {
        self.bottom
    }

    /// The flowing cursor: top of the free area on the current page.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Moves the flowing cursor (e.g. under an absolutely placed block).
    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    /// A line printed small at the top of every page started from now on.
    pub fn set_continuation_header(&mut self, text: impl Into<String>) {
        self.continuation = Some(text.into());
    }

    /// Moves the cursor down by `h` points (never past the bottom margin).
    pub fn gap(&mut self, h: f32) {
        self.y = (self.y - h).max(self.bottom);
    }

    /// Starts a new page unless `h` points fit above the bottom margin.
    pub fn ensure_space(&mut self, h: f32) {
        if self.y - h < self.bottom - 0.01 {
            self.new_page();
        }
    }

    /// Starts a new page and puts the cursor at its top.
    pub fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.links.push(Vec::new());
        self.current = self.pages.len() - 1;
        self.y = self.top;
        if let Some(text) = self.continuation.clone() {
            let font = Font::new(10.0, 1.3);
            let line = self.lines(&[italic(&text)], font.size, self.width());
            let placed =
                self.draw_lines(&line, self.left, self.width(), self.y, font, Align::Right);
            self.y = placed.bottom - 2.0 * MM;
        }
    }

    /// Width of `text` in `style` at `size` points.
    pub fn measure(&self, style: Style, size: f32, text: &str) -> f32 {
        self.fonts[style.index()].measure(text) * size
    }

    /// Breaks spans into lines no wider than `width` points.
    pub fn lines(&self, spans: &[Span<'_>], size: f32, width: f32) -> Vec<Line> {
        Wrapper::new(self, size, width).run(spans)
    }

    /// Draws one line with its baseline at `baseline`, aligned in the box `x..x + width`.
    fn draw_line(
        &mut self,
        line: &Line,
        x: f32,
        width: f32,
        baseline: f32,
        size: f32,
        align: Align,
    ) {
        let mut x = match align {
            Align::Left => x,
            Align::Center => x + (width - line.width) / 2.0,
            Align::Right => x + width - line.width,
        };
        for (style, text) in &line.pieces {
            let bytes = self.fonts[style.index()].encode(text);
            let advance = self.measure(*style, size, text);
            self.pages[self.current]
                .begin_text()
                .set_font(font_resource(*style), size)
                .next_line(x, baseline)
                .show(Str(&bytes))
                .end_text();
            x += advance;
        }
    }

    /// Draws laid-out lines from `top` down, without page breaks.
    fn draw_lines(
        &mut self,
        lines: &[Line],
        x: f32,
        width: f32,
        top: f32,
        font: Font,
        align: Align,
    ) -> Placed {
        let mut y = top;
        let mut line_widths = Vec::with_capacity(lines.len());
        for line in lines {
            self.draw_line(line, x, width, y - ASCENT * font.size, font.size, align);
            line_widths.push(line.width);
            y -= font.line_height();
        }
        Placed {
            bottom: y,
            line_widths,
        }
    }

    /// Draws wrapped text in the box `x..x + width` from `top` down, without moving the
    /// cursor or breaking pages (header columns, signature columns).
    pub fn block(
        &mut self,
        spans: &[Span<'_>],
        x: f32,
        width: f32,
        top: f32,
        font: Font,
        align: Align,
    ) -> Placed {
        let lines = self.lines(spans, font.size, width);
        self.draw_lines(&lines, x, width, top, font, align)
    }

    /// Flows wrapped text at the cursor over the full text width, left-indented by
    /// `indent` points, starting new pages as needed.
    pub fn paragraph(&mut self, spans: &[Span<'_>], font: Font, indent: f32, align: Align) {
        let width = self.width() - indent;
        let lines = self.lines(spans, font.size, width);
        for line in &lines {
            self.ensure_space(font.line_height());
            let x = self.left + indent;
            let top = self.y;
            self.draw_lines(std::slice::from_ref(line), x, width, top, font, align);
            self.y -= font.line_height();
        }
    }

    /// Flows a table of rows at the cursor, starting at `x`. A row is never split: when
    /// it does not fit above the bottom margin, it moves to a new page.
    pub fn table(&mut self, x: f32, columns: &[Column], rows: &[Vec<String>], font: Font) {
        for row in rows {
            let cells: Vec<Vec<Line>> = columns
                .iter()
                .zip(row)
                .map(|(col, text)| {
                    let span = Span {
                        style: col.style,
                        text,
                    };
                    self.lines(&[span], font.size, col.width - col.gap)
                })
                .collect();
            let height =
                cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * font.line_height();
            self.ensure_space(height);
            let top = self.y;
            let mut cx = x;
            for (col, lines) in columns.iter().zip(&cells) {
                self.draw_lines(lines, cx, col.width - col.gap, top, font, col.align);
                cx += col.width;
            }
            self.y -= height;
        }
    }

    /// Flows a ruled grid at the cursor, starting at `x`: a heading row (the columns'
    /// titles, bold, centred), then one row per entry of `rows`, every cell boxed by thin
    /// lines, text top-aligned. A row is never split: when it does not fit above the
    /// bottom margin it moves to a new page, and the heading row is drawn again first so
    /// that every page can be read alone. The heading row never ends a page alone.
    pub fn grid(&mut self, x: f32, columns: &[GridColumn<'_>], rows: &[Vec<String>], font: Font) {
        let titles: Vec<String> = columns.iter().map(|c| c.title.to_owned()).collect();
        let heading = self.grid_cells(columns, &titles, Style::Bold, font.size);
        let heading_h = grid_height(&heading, font);
        let mut first = true;
        for row in rows {
            let cells = self.grid_cells(columns, row, Style::Regular, font.size);
            let height = grid_height(&cells, font);
            let fits = |doc: &Doc, h: f32| doc.y - h >= doc.bottom - 0.01;
            if first {
                if !fits(self, heading_h + height) {
                    self.new_page();
                }
                self.grid_row(x, columns, &heading, font, Some(Align::Center));
                first = false;
            } else if !fits(self, height) {
                self.new_page();
                self.grid_row(x, columns, &heading, font, Some(Align::Center));
            }
            self.grid_row(x, columns, &cells, font, None);
        }
        if first {
            // No rows: the heading alone, so that an empty grid still shows its columns.
            self.ensure_space(heading_h);
            self.grid_row(x, columns, &heading, font, Some(Align::Center));
        }
    }

    /// The lines of each cell of a grid row.
    fn grid_cells(
        &self,
        columns: &[GridColumn<'_>],
        row: &[String],
        style: Style,
        size: f32,
    ) -> Vec<Vec<Line>> {
        columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                let text = row.get(i).map_or("", String::as_str);
                let width = (col.width - 2.0 * CELL_PAD).max(1.0);
                self.lines(&[Span { style, text }], size, width)
            })
            .collect()
    }

    /// Draws one grid row of laid-out cells at the cursor, boxes its cells and moves the
    /// cursor under it. `align` overrides the columns' alignment (the heading row).
    fn grid_row(
        &mut self,
        x: f32,
        columns: &[GridColumn<'_>],
        cells: &[Vec<Line>],
        font: Font,
        align: Option<Align>,
    ) {
        let height = grid_height(cells, font);
        let top = self.y;
        let mut cx = x;
        for (col, lines) in columns.iter().zip(cells) {
            let inner = (col.width - 2.0 * CELL_PAD).max(1.0);
            let align = align.unwrap_or(col.align);
            self.draw_lines(lines, cx + CELL_PAD, inner, top - CELL_PAD, font, align);
            self.pages[self.current]
                .set_line_width(0.5)
                .rect(cx, top - height, col.width, height)
                .stroke();
            cx += col.width;
        }
        self.y -= height;
    }

    /// A horizontal rule from `x1` to `x2` at height `y`.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.pages[self.current]
            .set_line_width(thickness)
            .move_to(x1, y)
            .line_to(x2, y)
            .stroke();
    }

    /// Draws `data` as a QR code (error correction M) whose symbol, without the quiet
    /// zone, is `side` points wide with its lower-left corner at (`x`, `y`). Dark modules
    /// are filled squares in one path, so viewers show no seams between them.
    pub fn qr(&mut self, x: f32, y: f32, side: f32, data: &str) -> Result<(), SlipError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| SlipError::Qr(e.to_string()))?;
        let n = code.width();
        let colors = code.to_colors();
        let module = side / n as f32;
        let content = &mut self.pages[self.current];
        content.save_state().set_fill_gray(0.0);
        for row in 0..n {
            let top = y + side - row as f32 * module;
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == Color::Dark {
                        col += 1;
                    }
                    content.rect(
                        x + start as f32 * module,
                        top - module,
                        (col - start) as f32 * module,
                        module,
                    );
                } else {
                    col += 1;
                }
            }
        }
        content.fill_nonzero().restore_state();
        Ok(())
    }

    /// Makes the rectangle (`x`, `y`, `w`, `h`) of the current page a link to `url`.
    pub fn link(&mut self, x: f32, y: f32, w: f32, h: f32, url: &str) {
        let rect = Rect::new(x, y, x + w, y + h);
        self.links[self.current].push((rect, url.to_owned()));
    }

    /// Writes the PDF: page numbers when there is more than one page, the pages, the
    /// subset fonts and the document information (title, producer). The output is
    /// deterministic (no dates, no random ids): the same slip gives the same bytes.
    pub fn finish(mut self, title: &str) -> Result<Vec<u8>, SlipError> {
        let total = self.pages.len();
        if total > 1 {
            let font = Font::new(10.0, 1.3);
            for i in 0..total {
                let label = format!("Trang {}/{}", i + 1, total);
                let lines = self.lines(&[regular(&label)], font.size, self.width());
                self.current = i;
                let top = self.bottom / 2.0 + font.size / 2.0;
                self.draw_lines(&lines, self.left, self.width(), top, font, Align::Center);
            }
        }

        let mut pdf = Pdf::new();
        let mut next = Ref::new(1);
        let mut alloc = || next.bump();
        let catalog_id = alloc();
        let tree_id = alloc();
        let info_id = alloc();

        // Fonts actually used (more than the .notdef glyph).
        let mut font_ids: Vec<(Style, Ref)> = Vec::new();
        for style in [Style::Regular, Style::Bold, Style::Italic] {
            if self.fonts[style.index()].remapper.num_gids() > 1 {
                font_ids.push((style, alloc()));
            }
        }

        let page_ids: Vec<(Ref, Ref)> = (0..total).map(|_| (alloc(), alloc())).collect();
        pdf.catalog(catalog_id)
            .pages(tree_id)
            .lang(TextStr("vi-VN"));
        pdf.pages(tree_id)
            .kids(page_ids.iter().map(|(page, _)| *page))
            .count(total as i32);
        for (i, (content, links)) in self.pages.into_iter().zip(self.links).enumerate() {
            let (page_id, content_id) = page_ids[i];
            let link_ids: Vec<Ref> = links.iter().map(|_| alloc()).collect();
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, self.page_width, self.page_height))
                .parent(tree_id)
                .contents(content_id);
            if !link_ids.is_empty() {
                page.annotations(link_ids.iter().copied());
            }
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            for (style, id) in &font_ids {
                fonts.pair(font_resource(*style), *id);
            }
            fonts.finish();
            resources.finish();
            page.finish();
            pdf.stream(content_id, &deflate(&content.finish()))
                .filter(Filter::FlateDecode);
            for (id, (rect, url)) in link_ids.into_iter().zip(links) {
                let mut annotation = pdf.annotation(id);
                annotation
                    .subtype(AnnotationType::Link)
                    .rect(rect)
                    .border(0.0, 0.0, 0.0, None);
                annotation
                    .action()
                    .action_type(ActionType::Uri)
                    .uri(Str(url.as_bytes()));
            }
        }

        for (style, type0_id) in font_ids {
            let font = &self.fonts[style.index()];
            let cid_id = alloc();
            let descriptor_id = alloc();
            let file_id = alloc();
            let cmap_id = alloc();
            let subset = subsetter::subset(font.data, 0, &font.remapper)
                .map_err(|e| SlipError::Subset(format!("{}: {e}", font.name)))?;
            let name = Name(font.name.as_bytes());

            pdf.type0_font(type0_id)
                .base_font(name)
                .encoding_predefined(Name(b"Identity-H"))
                .descendant_font(cid_id)
                .to_unicode(cmap_id);

            let widths: Vec<f32> = font
                .remapper
                .remapped_gids()
                .map(|old| {
                    let advance = font.face.glyph_hor_advance(GlyphId(old)).unwrap_or(0);
                    font.to_pdf_units(f32::from(advance)).round()
                })
                .collect();
            let mut cid = pdf.cid_font(cid_id);
            cid.subtype(CidFontType::Type2)
                .base_font(name)
                .system_info(IDENTITY)
                .font_descriptor(descriptor_id)
                .cid_to_gid_map_predefined(Name(b"Identity"));
            cid.widths().consecutive(0, widths);
            cid.finish();

            let face = &font.face;
            let bbox = face.global_bounding_box();
            pdf.font_descriptor(descriptor_id)
                .name(name)
                .flags(FontFlags::from_bits_truncate(font.flags.bits()))
                .bbox(Rect::new(
                    font.to_pdf_units(f32::from(bbox.x_min)),
                    font.to_pdf_units(f32::from(bbox.y_min)),
                    font.to_pdf_units(f32::from(bbox.x_max)),
                    font.to_pdf_units(f32::from(bbox.y_max)),
                ))
                .italic_angle(face.italic_angle())
                .ascent(font.to_pdf_units(f32::from(face.ascender())))
                .descent(font.to_pdf_units(f32::from(face.descender())))
                .cap_height(
                    font.to_pdf_units(f32::from(face.capital_height().unwrap_or(face.ascender()))),
                )
                .stem_v(font.stem_v)
                .font_file2(file_id);

            pdf.stream(file_id, &deflate(&subset))
                .filter(Filter::FlateDecode)
                .pair(Name(b"Length1"), subset.len() as i32);

            let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
            for (cid, c) in &font.unicode {
                cmap.pair(*cid, *c);
            }
            pdf.stream(cmap_id, &deflate(&cmap.finish()))
                .filter(Filter::FlateDecode);
        }

        pdf.document_info(info_id)
            .title(TextStr(title))
            .producer(TextStr("motcua"));
        Ok(pdf.finish())
    }
}

/// The height of a grid row: its tallest cell and the padding above and below.
fn grid_height(cells: &[Vec<Line>], font: Font) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    lines as f32 * font.line_height() + 2.0 * CELL_PAD
}

/// Zlib-compresses a stream (`FlateDecode`).
fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 9)
}

/// The page resource name of a style's font.
fn font_resource(style: Style) -> Name<'static> {
    match style {
        Style::Regular => Name(b"F0"),
        Style::Bold => Name(b"F1"),
        Style::Italic => Name(b"F2"),
    }
}

/// Greedy line breaking over spans.
struct Wrapper<'d> {
    doc: &'d Doc,
    size: f32,
    width: f32,
    lines: Vec<Line>,
    line: Line,
    /// The space between the current line and the next word, if any.
    pending_space: Option<Style>,
    /// The word being collected: pieces without a space between them.
    word: Vec<(Style, String)>,
}

impl<'d> Wrapper<'d> {
    fn new(doc: &'d Doc, size: f32, width: f32) -> Self {
        Wrapper {
            doc,
            size,
            width,
            lines: Vec::new(),
            line: Line::default(),
            pending_space: None,
            word: Vec::new(),
        }
    }

    fn run(mut self, spans: &[Span<'_>]) -> Vec<Line> {
        for span in spans {
            for c in span.text.nfc() {
                if c == '\n' {
                    self.flush_word();
                    self.break_line();
                    self.pending_space = None;
                } else if c.is_whitespace() && c != '\u{a0}' {
                    self.flush_word();
                    if !self.line.pieces.is_empty() && self.pending_space.is_none() {
                        self.pending_space = Some(span.style);
                    }
                } else {
                    let c = if c.is_control() { '?' } else { c };
                    match self.word.last_mut() {
                        Some((style, text)) if *style == span.style => text.push(c),
                        _ => self.word.push((span.style, c.to_string())),
                    }
                }
            }
        }
        self.flush_word();
        if !self.line.pieces.is_empty() || self.lines.is_empty() {
            self.break_line();
        }
        self.lines
    }

    fn measure(&self, style: Style, text: &str) -> f32 {
        self.doc.measure(style, self.size, text)
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn push(&mut self, style: Style, text: &str) {
        self.line.width += self.measure(style, text);
        match self.line.pieces.last_mut() {
            Some((s, t)) if *s == style => t.push_str(text),
            _ => self.line.pieces.push((style, text.to_owned())),
        }
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width: f32 = word.iter().map(|(s, t)| self.measure(*s, t)).sum();
        let space = self.pending_space.take();
        let space_width = space.map_or(0.0, |s| self.measure(s, " "));
        if !self.line.pieces.is_empty() && self.line.width + space_width + word_width > self.width {
            self.break_line();
        } else if let Some(style) = space {
            self.push(style, " ");
        }
        if word_width <= self.width - self.line.width {
            for (style, text) in &word {
                self.push(*style, text);
            }
            return;
        }
        // A word wider than a line: break it between characters.
        for (style, text) in &word {
            let mut buf = [0u8; 4];
            for c in text.chars() {
                let s: &str = c.encode_utf8(&mut buf);
                let w = self.measure(*style, s);
                if !self.line.pieces.is_empty() && self.line.width + w > self.width {
                    self.break_line();
                }
                self.push(*style, s);
            }
        }
    }
}
