//! Issue: development plans — employee-led 1/3/5-year goals shared with the leader; bench
//! strength. Two separate browser profiles: the employee starts their own plan (after naming
//! their leader), writes goals for every horizon, priorities and their interest, and sends it;
//! the leader imports it, comments, records an in-depth discussion and assesses readiness
//! while the employee keeps editing; they exchange files both ways, both screens show
//! everything, and the leader's bench view lists the employee with their interest
//! (R5.1, R5.3, R5.4, R7.1).
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{
    confirm_import, create_profile, export_sync_file, full_shot, open_sync_file, saved,
    set_input_value,
};
use rapport_e2e::{Browser, StaticServer};

/// Imports a sync file on the Sharing page and confirms it; returns the preview text.
async fn import(
    b: &Browser,
    file: &std::path::Path,
    passphrase: Option<&str>,
    heading: &str,
) -> String {
    let text = open_sync_file(b, file, passphrase).await;
    confirm_import(b, heading).await;
    text
}

const PASSPHRASE: &str = "violet harbour nine owls";

/// Adds a goal with the "Add a goal" form; `target` None keeps the suggested date.
async fn add_goal(
    b: &Browser,
    title: &str,
    horizon: &str,
    target: Option<&str>,
    description: &str,
    within_organisation: bool,
) {
    b.fill("#new-goal-title", title).await;
    b.select("#new-goal-horizon", horizon).await;
    if let Some(t) = target {
        set_input_value(b, "#new-goal-target", t).await;
    }
    b.fill("#new-goal-desc", description).await;
    let checked = b
        .prop("[aria-label='Add a goal'] input[type=checkbox]", "checked")
        .await
        .unwrap_or_default()
        == "true";
    if checked != within_organisation {
        b.click("[aria-label='Add a goal'] input[type=checkbox]")
            .await;
    }
    b.click_button("Add goal").await;
    b.wait_for_text(".goals .goal h4", title).await;
    // The form is cleared for the next goal.
    b.wait_for_count("#new-goal-title:placeholder-shown", 1)
        .await;
}

async fn horizon_text(b: &Browser, label: &str) -> String {
    b.text(&format!(".horizon[aria-label='{label} goals']"))
        .await
}

#[tokio::test]
async fn employee_and_leader_share_a_development_plan() {
    let _server = StaticServer::start_dist();
    let eli = Browser::launch("employee").await;
    let lea = Browser::launch("leader").await;
    create_profile(&eli, "Eli Employee").await;
    create_profile(&lea, "Lea Leader").await;

    // The leader has Eli on her team (no plan yet: the employee leads it).
    lea.goto("/#/team").await;
    lea.fill("#add-name", "Eli Employee").await;
    lea.click_button("Add to team").await;
    lea.wait_for_text("ul[aria-label='My team']", "Eli Employee")
        .await;
    lea.goto("/#/growth").await;
    lea.wait_for_text("ul[aria-label=\"My team's plans\"]", "Eli Employee")
        .await;
    lea.wait_for_text("button", "Start a plan for Eli Employee")
        .await;

    // Without a leader's name the employee is told what to do first.
    eli.goto("/#/growth").await;
    eli.wait_for_text(".notice", "first name your leader").await;
    full_shot(&eli, "growth-employee-no-leader.png").await;
    eli.goto("/#/team").await;
    eli.fill("#leader-name", "Lea Leader").await;
    eli.click_button("Save leader").await;
    saved(&eli).await;
    eli.goto("/#/growth").await;
    eli.click_button("Start my plan").await;
    eli.wait_for_text("h1", "My development plan").await;
    eli.wait_for_text(".page-head", "Shared with Lea Leader")
        .await;
    // R5.1: an empty plan is flagged for its empty horizons.
    eli.wait_for_text(".findings", "No active goal for 1 year, 3 years, 5 years")
        .await;

    // Refused input gets a clear message.
    eli.click_button("Add goal").await;
    eli.wait_for_text(".add-goal .field-error", "Give the goal a title")
        .await;

    add_goal(
        &eli,
        "Get the cloud data certification",
        "1y",
        None,
        "Study two evenings a week",
        true,
    )
    .await;
    add_goal(&eli, "Lead the data platform team", "3y", None, "", true).await;
    add_goal(
        &eli,
        "Open a climbing gym",
        "5y",
        None,
        "With my sister, in Annecy",
        false,
    )
    .await;
    assert!(horizon_text(&eli, "1 year")
        .await
        .contains("Get the cloud data certification"));
    assert!(horizon_text(&eli, "3 years")
        .await
        .contains("Lead the data platform team"));
    let five = horizon_text(&eli, "5 years").await;
    assert!(five.contains("Open a climbing gym"), "{five}");
    assert!(five.contains("Outside this organisation"), "{five}");
    // Every horizon has a goal now: the R5.1 flag is gone.
    eli.wait_for_gone(".findings").await;

    // A step towards the 1-year goal, with a due date.
    let step_form = "form[aria-label='Add a step towards Get the cloud data certification']";
    eli.fill(&format!("{step_form} input[type=text]"), "Book the exam")
        .await;
    set_input_value(&eli, &format!("{step_form} input[type=date]"), "2027-03-01").await;
    eli.click(&format!("{step_form} button[type=submit]")).await;
    eli.wait_for_text(
        "ul[aria-label='Steps towards Get the cloud data certification']",
        "Book the exam",
    )
    .await;

    // R5.3: priorities and interest, the employee's own.
    eli.fill(
        "#plan-priorities",
        "Family first; learning in the evenings.",
    )
    .await;
    eli.click("input[name='interest-promotion'][value='Yes']")
        .await;
    eli.click("input[name='interest-leadership'][value='Not now']")
        .await;
    saved(&eli).await;
    full_shot(&eli, "growth-employee-plan.png").await;
    let first = export_sync_file(&eli, Some(PASSPHRASE)).await;

    // The leader imports it: she is the leader of this plan.
    let preview = import(
        &lea,
        &first,
        Some(PASSPHRASE),
        "Development plan of Eli Employee",
    )
    .await;
    assert!(preview.contains("Eli Employee"), "{preview}");
    lea.wait_for_text(".goals", "Open a climbing gym").await;
    lea.wait_for_text(
        ".priorities-text",
        "Family first; learning in the evenings.",
    )
    .await;
    lea.wait_for_text(".aspiration", "Yes").await;
    // The employee's fields are read-only for her.
    assert_eq!(lea.count("#plan-priorities").await, 0);
    assert_eq!(lea.count("input[name='interest-promotion']").await, 0);

    // Leader: a comment, an in-depth discussion and the bench assessment …
    lea.fill("#plan-comment", "Happy to sponsor the certification.")
        .await;
    lea.click_button("Post comment").await;
    lea.wait_for_text(".comment-list", "Happy to sponsor the certification.")
        .await;
    lea.select("#disc-kind", "in-depth").await;
    lea.fill("#disc-notes", "Talked through the 3- and 5-year goals.")
        .await;
    lea.click_button("Record discussion").await;
    lea.wait_for_text(".discussion-log", "In-depth IDP discussion")
        .await;
    lea.fill("#bench-role", "Data engineer").await;
    lea.select("#bench-readiness", "1-2y").await;
    lea.fill("#bench-roles", "Tech lead, data engineer").await;
    lea.click_button("Save assessment").await;
    lea.wait_for_text(".bench-assessment .field-error", "current role")
        .await;
    lea.fill("#bench-roles", "Tech lead, Engineering manager")
        .await;
    lea.click("#bench-backfill").await;
    lea.click_button("Save assessment").await;
    lea.wait_for_text(".bench-assessment .meta", "Assessed")
        .await;
    saved(&lea).await;

    // … while the employee adds a goal and edits priorities (concurrent edits).
    add_goal(
        &eli,
        "Speak at the Lyon data meetup",
        "1y",
        Some("2027-05-20"),
        "",
        true,
    )
    .await;
    eli.fill(
        "#plan-priorities",
        "Family first; learning in the evenings. Climbing on weekends.",
    )
    .await;
    saved(&eli).await;

    // Exchange both ways: Lea has not sent before, so her first file uses the passphrase;
    // Eli then holds her card and his reply is sealed to her key.
    let from_lea = export_sync_file(&lea, Some(PASSPHRASE)).await;
    import(&eli, &from_lea, Some(PASSPHRASE), "My development plan").await;
    let from_eli = export_sync_file(&eli, None).await;
    import(&lea, &from_eli, None, "Development plan of Eli Employee").await;

    // Both screens show everything, nothing lost.
    for b in [&eli, &lea] {
        for goal in [
            "Get the cloud data certification",
            "Lead the data platform team",
            "Open a climbing gym",
            "Speak at the Lyon data meetup",
        ] {
            b.wait_for_text(".goals .goal h4", goal).await;
        }
        b.wait_for_text(".goals", "Book the exam").await;
        b.wait_for_text(".comment-list", "Happy to sponsor the certification.")
            .await;
        b.wait_for_text(".comment-list", "Lea Leader").await;
        b.wait_for_text(".discussion-log", "In-depth IDP discussion")
            .await;
        b.wait_for_text(".discussion-log", "recorded by Lea Leader")
            .await;
        b.wait_for_text(".bench-assessment", "Ready in 1–2 years")
            .await;
    }
    let notes = eli
        .prop(".discussion-log textarea", "value")
        .await
        .unwrap_or_default();
    assert_eq!(notes, "Talked through the 3- and 5-year goals.");
    let prio = eli
        .prop("#plan-priorities", "value")
        .await
        .unwrap_or_default();
    assert_eq!(
        prio,
        "Family first; learning in the evenings. Climbing on weekends."
    );
    lea.wait_for_text(
        ".priorities-text",
        "Family first; learning in the evenings. Climbing on weekends.",
    )
    .await;
    eli.wait_for_text(".bench-assessment", "Tech lead, Engineering manager")
        .await;
    // The in-depth discussion was held today: nothing is overdue on either side.
    assert_eq!(eli.count(".findings").await, 0, "no flags left on the plan");
    full_shot(&eli, "growth-employee-merged.png").await;
    full_shot(&lea, "growth-leader-plan.png").await;

    // The leader's Growth page: Eli's plan is linked and the bench view lists him.
    lea.goto("/#/growth").await;
    lea.wait_for("a[aria-label='Open the development plan of Eli Employee']")
        .await;
    let bench = lea
        .wait_for_text(".bench-table tbody tr", "Eli Employee")
        .await
        .text()
        .await
        .unwrap_or_default();
    // Cells lay their parts out on separate lines; compare the words.
    let bench = bench.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(bench.contains("Promotion Yes"), "{bench}");
    assert!(bench.contains("Leadership Not now"), "{bench}");
    assert!(bench.contains("Ready in 1–2 years"), "{bench}");
    assert!(bench.contains("Tech lead, Engineering manager"), "{bench}");
    assert!(bench.contains("Needs backfill"), "{bench}");
    assert!(bench.contains("Goals 1y 2 · 3y 1 · 5y 1"), "{bench}");
    // Bench strength shows no goal text or notes (R5.3).
    let whole = lea.text("[aria-label='Bench strength']").await;
    assert!(!whole.contains("climbing gym"), "{whole}");
    assert!(!whole.contains("Family first"), "{whole}");
    lea.wait_for_text(".role-cover", "Data engineer").await;
    lea.wait_for_text(".role-cover", "Backfill needed for Eli Employee")
        .await;
    full_shot(&lea, "growth-bench.png").await;

    // The employee's Growth page links to the plan.
    eli.goto("/#/growth").await;
    eli.wait_for_text(".card", "With Lea Leader").await;
    eli.click("a[aria-label='Open my development plan']").await;
    eli.wait_for_text("h1", "My development plan").await;

    eli.close().await;
    lea.close().await;
}
