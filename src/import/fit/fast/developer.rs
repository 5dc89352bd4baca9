//! Developer fields: never read, skipped by their declared size. fitparser
//! however reads them by the type their `field_description` gives, and
//! stops or misreads when that description is missing, malformed or
//! disagrees with the size; such files are left to it so that both
//! producers agree.

use fitparser::profile::FieldDataType;

use super::definition::{Definition, DevField};
use super::kept::Message;
use super::values::{as_i64, Base, Decline, Layout, Value};

/// What fitparser would read a developer field as.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Description {
    developer_data_index: u8,
    number: u8,
    base: Base,
    /// The description sets a scale or offset (fitparser then fails on a
    /// string value).
    scaled: bool,
}

/// The developer field descriptions seen so far in one (chained) file.
#[derive(Debug, Default)]
pub struct Descriptions {
    known: Vec<Description>,
    /// Bumped at every change, so definitions know when to check again.
    pub generation: u64,
}

impl Descriptions {
    pub fn clear(&mut self) {
        self.known.clear();
        self.generation += 1;
    }

    /// Takes in a `field_description` message as fitparser's
    /// `DeveloperFieldDescription::try_from` does, declining whatever it
    /// would fail on.
    pub fn learn(&mut self, m: &Message) -> Result<(), Decline> {
        let uint8 = |number: u8| -> Result<Option<u8>, Decline> {
            match field(m, number) {
                None => Ok(None),
                Some((Value::Int(v), Base::U8)) => u8::try_from(v).map(Some).map_err(|_| "u8"),
                Some(_) => Err("a field description field that is not uint8"),
            }
        };
        let developer_data_index = uint8(0)?.ok_or("a field description without index")?;
        let number = uint8(1)?.ok_or("a field description without number")?;
        let base = match field(m, 2) {
            Some((value, _)) => {
                let code = as_i64(value).ok_or("a field description type")?;
                if !FieldDataType::FitBaseType.is_named_variant(code) {
                    return Err("a field description of an unknown type");
                }
                Base::from_byte(u8::try_from(code).map_err(|_| "a base type")?)
            }
            None => return Err("a field description without type"),
        };
        for text_field in [3, 8] {
            match field(m, text_field) {
                None | Some((Value::Text(_), _)) => {}
                Some(_) => return Err("a field description name that is not text"),
            }
        }
        let scale = uint8(6)?;
        let offset = match field(m, 7) {
            None => None,
            Some((Value::Int(v), Base::S8)) => Some(v),
            Some(_) => return Err("a field description offset that is not sint8"),
        };
        let description = Description {
            developer_data_index,
            number,
            base,
            scaled: scale.is_some_and(|s| s != 1) || offset.is_some_and(|o| o != 0),
        };
        self.known
            .retain(|d| (d.developer_data_index, d.number) != (developer_data_index, number));
        self.known.push(description);
        self.generation += 1;
        Ok(())
    }

    /// Checks a definition's developer fields against the descriptions
    /// (once per definition and generation).
    pub fn check(&self, definition: &mut Definition) -> Result<(), Decline> {
        if definition.developer_checked == Some(self.generation) {
            return Ok(());
        }
        for dev in &definition.developer_fields {
            self.check_field(dev)?;
        }
        definition.developer_checked = Some(self.generation);
        Ok(())
    }

    fn check_field(&self, dev: &DevField) -> Result<(), Decline> {
        let description = self
            .known
            .iter()
            .find(|d| (d.developer_data_index, d.number) == (dev.developer_data_index, dev.number))
            .ok_or("a developer field without description")?;
        if usize::from(dev.size) % description.base.size() != 0 {
            return Err("a developer field whose size does not fit its type");
        }
        if description.base == Base::Str && description.scaled {
            return Err("a scaled developer text field");
        }
        Ok(())
    }
}

/// A field's valid value and the type it was read as.
fn field<'a>(m: &Message<'a>, number: u8) -> Option<(Value<'a>, Base)> {
    let layout: Layout = m.layout(number)?;
    Some((m.value(layout)?, layout.base))
}
