//! The rule ids, as the rules document and the config name them.

macro_rules! declare_rule_ids {
    ($($id:ident => $file:ident),+ $(,)?) => {
        /// A rule's id; [`RuleId::rule`] gives its description.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($id,)+
        }
    };
}

with_rule_list!(declare_rule_ids);
