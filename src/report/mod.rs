//! Renderers: they format computed values and compute nothing new.

pub mod json;
pub mod records;
pub mod terminal;
