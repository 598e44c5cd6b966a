//! The checks a backend's own test runs on its schema: every form, column and
//! detail line names a field its record holds.

use super::{FieldSpec, FormSpec, InputKind, Schema, Shown, Source};
use crate::api::model::Verb;

/// What is wrong with a schema's shape, for a backend's own test: a form or a
/// column naming a field its record does not have, a parent declared after its
/// child, a `shown` naming a field outside the form, two fields with one wire name.
pub fn faults(schema: &Schema) -> Vec<String> {
    let mut faults = Vec::new();
    for (index, level) in schema.levels.iter().enumerate() {
        if let Some(parent) = level.parent
            && !schema.levels[..index].iter().any(|l| l.id == parent)
        {
            faults.push(format!(
                "{}: parent {parent} is not declared before it",
                level.id
            ));
        }
        let forms = [("create", level.create), ("edit", level.edit)];
        faults.extend(form_faults(level.id.0, &forms, level.fields));
        faults.extend(layout_faults(level.id.0, level.fields));
        faults.extend(source_faults(
            level.id.0,
            level.columns.iter().map(|c| c.source),
            level.fields,
        ));
        let lines = level
            .detail
            .iter()
            .chain(level.cli_detail)
            .map(|d| d.source);
        faults.extend(source_faults(level.id.0, lines, level.fields));
        let cells = level.cli_columns.iter().map(|c| c.source);
        faults.extend(source_faults(level.id.0, cells, level.fields));
        if level.field(level.name_field).is_none() {
            faults.push(format!("{}: no name field {}", level.id, level.name_field));
        }
        if let Some(toggle) = level.toggle
            && level.field(toggle.field).is_none()
        {
            faults.push(format!("{}: toggle on a missing field", level.id));
        }
        if let Some(find) = level.find
            && level.field(find.field).is_none()
        {
            faults.push(format!("{}: find on a missing field", level.id));
        }
        for tab in level.tabs {
            let forms = [("invite", tab.invite)];
            faults.extend(form_faults(tab.id.0, &forms, schema.party_fields));
            // Without the verb, the delete key would revoke beside a remove's dialog.
            // Removing by replacing the list (`SetMembers`) is a remove too.
            let removes = [Verb::RemoveMember, Verb::SetMembers];
            if tab.remove.is_some() && !removes.iter().any(|v| tab.offers.contains(v)) {
                faults.push(format!("{}: a remove dialog but no remove offered", tab.id));
            }
        }
    }
    let mut party_forms = vec![("edit", schema.party_edit)];
    party_forms.extend(schema.views.iter().map(|v| ("invite", v.invite)));
    faults.extend(form_faults("parties", &party_forms, schema.party_fields));
    faults.extend(layout_faults("parties", schema.party_fields));
    faults.extend(source_faults(
        "parties",
        schema.party_columns.iter().map(|c| c.source),
        schema.party_fields,
    ));
    let lines = schema.party_detail.iter().chain(schema.party_cli_detail);
    faults.extend(source_faults(
        "parties",
        lines.map(|d| d.source),
        schema.party_fields,
    ));
    let cells = schema.party_cli_columns.iter().map(|c| c.source);
    faults.extend(source_faults("parties", cells, schema.party_fields));
    // A view's or a tab's own columns show parties too.
    let tabs = schema.levels.iter().flat_map(|l| l.tabs.iter());
    let own = (tabs.filter_map(|t| t.columns))
        .chain(schema.views.iter().filter_map(|v| v.columns))
        .chain(
            schema
                .views
                .iter()
                .filter_map(|v| v.cli.and_then(|c| c.columns)),
        );
    for columns in own {
        let cells = columns.iter().map(|c| c.source);
        faults.extend(source_faults("parties", cells, schema.party_fields));
    }
    faults
}

fn layout_faults(owner: &str, layout: &[FieldSpec]) -> Vec<String> {
    let mut faults = Vec::new();
    for (index, field) in layout.iter().enumerate() {
        if layout[..index].iter().any(|f| f.id == field.id) {
            faults.push(format!("{owner}: field {} declared twice", field.id));
        }
        if layout[..index].iter().any(|f| f.wire == field.wire) {
            faults.push(format!("{owner}: wire name {} used twice", field.wire));
        }
    }
    faults
}

fn form_faults(
    owner: &str,
    forms: &[(&str, Option<FormSpec>)],
    layout: &[FieldSpec],
) -> Vec<String> {
    let mut faults = Vec::new();
    for (what, form) in forms {
        let Some(form) = form else { continue };
        for id in form.fields {
            match layout.iter().find(|f| f.id == *id) {
                None => faults.push(format!("{owner} {what} form: no field {id}")),
                Some(field) => {
                    if matches!(field.input, InputKind::Shown) {
                        faults.push(format!("{owner} {what} form: {id} is read-only"));
                    }
                    if let Shown::When(other, _) | Shown::Unless(other, _) = field.shown
                        && !form.fields.contains(&other)
                        && layout.iter().all(|f| f.id != other)
                    {
                        faults.push(format!("{owner} {what} form: {id} depends on {other}"));
                    }
                }
            }
        }
    }
    faults
}

fn source_faults(
    owner: &str,
    sources: impl Iterator<Item = Source>,
    layout: &[FieldSpec],
) -> Vec<String> {
    sources
        .filter_map(|source| match source {
            Source::Field(id) if layout.iter().all(|f| f.id != id) => Some(format!(
                "{owner}: shows {id}, which its record does not hold"
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::schema::*;

    static BROKEN_FIELDS: &[FieldSpec] = &[FieldSpec {
        id: FieldId("name"),
        wire: "name",
        label: "Name",
        input: InputKind::Text { max: 10 },
        required: true,
        check: None,
        shown: Shown::Always,
        cli: None,
        help: "",
    }];

    static BROKEN: Schema = Schema {
        title: "Broken",
        levels: &[Level {
            id: LevelId("child"),
            nouns: ("child", "children"),
            article: "a",
            title: "children",
            cli: "children",
            cli_spec: None,
            command: "children",
            parent: Some(LevelId("parent")),
            fields: BROKEN_FIELDS,
            name_field: FieldId("name"),
            columns: &[Column {
                source: Source::Field(FieldId("colour")),
                title: "COLOUR",
                width: Width::Fill,
            }],
            detail: &[],
            cli_columns: &[],
            cli_detail: &[],
            create: Some(FormSpec {
                title: "New child",
                fields: &[FieldId("name"), FieldId("age")],
            }),
            edit: None,
            toggle: None,
            find: None,
            tabs: &[],
            search: &[],
            delete_effect: "",
            dialogs: None,
            lazy: None,
            collected: None,
        }],
        party_fields: &[],
        party_columns: &[],
        party_detail: &[],
        party_cli_columns: &[],
        party_cli_detail: &[],
        party_edit: None,
        party_nouns: ("child", "children"),
        party_article: "a",
        party_label: FieldId("name"),
        party_role: None,
        party_name: &[],
        party_search: &[],
        party_toggle: None,
        party_dialogs: None,
        views: &[],
        approvals: None,
        roles: &[],
        options: &[],
        idempotent_creates: false,
        notes: &[],
        json_names: &[],
    };

    #[test]
    fn faults_name_what_a_schema_gets_wrong() {
        let found = faults(&BROKEN).join("\n");
        assert!(found.contains("parent parent is not declared"), "{found}");
        assert!(found.contains("no field age"), "{found}");
        assert!(found.contains("shows colour"), "{found}");
    }

    static REMOVE: DialogText = DialogText {
        title: "Remove {party}?",
        body: &[],
        button: "Remove",
        done: "Removed {party}",
    };

    #[test]
    fn a_tab_that_asks_before_removing_must_offer_removing() {
        let muninx = crate::backends::muninx::schema::SCHEMA
            .top_level()
            .expect("a level");
        let tabs: &'static [Tab] = Box::leak(Box::new([Tab {
            remove: Some(REMOVE),
            ..muninx.tabs[0]
        }]));
        let levels: &'static [Level] = Box::leak(Box::new([Level { tabs, ..*muninx }]));
        let schema = Schema {
            levels,
            ..crate::backends::muninx::schema::SCHEMA
        };
        let found = faults(&schema).join("\n");
        assert!(
            found.contains("a remove dialog but no remove offered"),
            "{found}"
        );
        assert_eq!(tabs[0].delete_verb(), Verb::Revoke);
    }

    static MISSING: &[Column] = &[Column {
        source: Source::Field(FieldId("shoe-size")),
        title: "SHOE",
        width: Width::Fixed(4),
    }];

    #[test]
    fn a_views_or_a_tabs_own_columns_must_show_what_a_party_holds() {
        let muninx = &crate::backends::muninx::schema::SCHEMA;
        let top = muninx.top_level().expect("a level");
        let tabs: &'static [Tab] = Box::leak(Box::new([Tab {
            columns: Some(MISSING),
            ..top.tabs[0]
        }]));
        let levels: &'static [Level] = Box::leak(Box::new([Level { tabs, ..*top }]));
        let views: &'static [View] = Box::leak(Box::new([View {
            columns: Some(MISSING),
            ..muninx.views[0]
        }]));
        let found = faults(&Schema { levels, ..*muninx });
        assert!(
            found.iter().any(|f| f.contains("shows shoe-size")),
            "{found:?}"
        );
        let found = faults(&Schema { views, ..*muninx });
        assert!(
            found.iter().any(|f| f.contains("shows shoe-size")),
            "{found:?}"
        );
    }
}
