//! Pieces shared by several pages.

pub mod dossier_card;
pub mod due_preview;
pub mod layout;
pub mod procedure_list;
pub mod procedure_sections;
pub mod staff_dossier;
pub mod staff_layout;
pub mod typed;
pub mod upload_slot;
