//! Issue: Goal 4 — metric-driven performance plans and reviews. Two separate browser
//! profiles: the leader builds a plan (a sixth metric is refused on screen), sends it; the
//! employee acknowledges it, assesses themself and notes praise, and sends it back; the leader
//! records results and a dated case with coaching and a barrier, finds a locked metric needs a
//! reason to change, prepares the review from the data, shares it and prints it (print media
//! emulated, screenshot); the employee receives the shared review (R4.1–R4.8, R7.1).
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{
    add_person, confirm_import, create_profile, export_sync_file, full_shot, labelled,
    open_sync_file, saved,
};
use rapport_e2e::{Browser, StaticServer};

const PASSPHRASE: &str = "amber lantern seven foxes";

/// Adds an objective metric with the "Add a metric" form.
async fn add_objective(b: &Browser, outcome: &str, unit: &str, target: &str, exceeds: &str) {
    b.fill("#new-metric-outcome", outcome).await;
    b.fill("#new-metric-unit", unit).await;
    b.fill("#new-metric-target", target).await;
    b.fill("#new-metric-exceeds", exceeds).await;
    b.fill("#new-metric-period", "each month").await;
    b.click_button("Add metric").await;
    b.wait_for_text(".metric-list .metric h3", outcome).await;
    b.wait_for_count("#new-metric-outcome:placeholder-shown", 1)
        .await;
}

async fn import(b: &Browser, file: &std::path::Path, passphrase: Option<&str>, heading: &str) {
    open_sync_file(b, file, passphrase).await;
    confirm_import(b, heading).await;
}

/// Whether an element is rendered (not `display: none`) under the current media.
async fn shown(b: &Browser, css: &str) -> bool {
    b.execute(&format!(
        "const e = document.querySelector(\"{css}\"); return !!e && getComputedStyle(e).display !== 'none';"
    ))
    .await
    .as_bool()
    .unwrap_or(false)
}

#[tokio::test]
async fn leader_and_employee_prepare_a_review_from_the_record() {
    let _server = StaticServer::start_dist();
    let lea = Browser::launch("leader").await;
    let eli = Browser::launch("employee").await;
    create_profile(&lea, "Lea Leader").await;
    create_profile(&eli, "Eli Employee").await;

    // The leader starts Eli's plan from the Reviews page.
    add_person(&lea, "Eli Employee", "Analyst").await;
    lea.goto("/#/reviews").await;
    lea.click("button[aria-label='Start the performance plan of Eli Employee']")
        .await;
    lea.wait_for_text("h1", "Performance plan of Eli Employee")
        .await;
    lea.wait_for_text(".findings", "No metrics yet").await;

    // R4.1: a metric without a period is refused with a sentence.
    lea.fill(
        "#new-metric-outcome",
        "Monthly reports delivered by the 15th",
    )
    .await;
    lea.click_button("Add metric").await;
    lea.wait_for_text(".add-metric .field-error", "deadline or a period")
        .await;
    lea.fill("#new-metric-outcome", "").await;

    add_objective(
        &lea,
        "Monthly reports delivered by the 15th",
        "% of reports",
        "80",
        "95",
    )
    .await;
    add_objective(
        &lea,
        "Tickets resolved within two days",
        "% of tickets",
        "85",
        "95",
    )
    .await;
    // R3.6 as a ready-made metric.
    lea.click_button("Add 1:1 adherence as a metric").await;
    lea.wait_for_text(".metric-list", "Biweekly 1:1s held with my leader")
        .await;
    assert!(!lea.text(".stats").await.is_empty());

    // R4.3: a fourth and fifth are flagged as harder to coach; a sixth is refused.
    add_objective(&lea, "Defects escaped to production", "defects", "5", "2").await;
    // A subjective metric needs its reason and five anchors.
    lea.click("input[name='new-metric-kind']:not(:checked)")
        .await;
    lea.fill("#new-metric-outcome", "Clear communication with clients")
        .await;
    lea.fill(
        "#new-metric-why",
        "Clients decide on our numbers; unclear updates cost them days.",
    )
    .await;
    for i in 1..=5 {
        lea.fill(
            &format!("#new-metric-anchor-{i}"),
            &format!("Level {i} behaviour"),
        )
        .await;
    }
    lea.fill("#new-metric-period", "each quarter").await;
    lea.click_button("Add metric").await;
    lea.wait_for_text(".metric-list", "Clear communication with clients")
        .await;
    lea.wait_for_text(".findings", "5 metrics: three is ideal")
        .await;
    lea.click("input[name='new-metric-kind']:not(:checked)")
        .await;
    add_sixth(&lea).await;
    full_shot(&lea, "review-leader-five-metrics.png").await;

    // Back to three: removing before the plan is acknowledged needs no reason.
    for outcome in [
        "Defects escaped to production",
        "Clear communication with clients",
    ] {
        lea.click(&format!("button[aria-label='Remove metric {outcome}']"))
            .await;
        lea.click_button("Remove metric").await;
        lea.wait_for_gone(&format!("button[aria-label='Remove metric {outcome}']"))
            .await;
    }
    lea.wait_for_count(".metric-list .metric", 3).await;
    lea.wait_for_gone(".findings").await;
    saved(&lea).await;

    // First file: a passphrase (Lea does not hold Eli's key yet).
    let first = export_sync_file(&lea, Some(PASSPHRASE)).await;
    import(&eli, &first, Some(PASSPHRASE), "My performance plan").await;
    eli.wait_for_count(".metric-list .metric", 3).await;
    // The employee cannot change metrics or record results.
    assert_eq!(eli.count("#new-metric-outcome").await, 0);
    assert_eq!(eli.count(".metric-row.result form").await, 0);

    // R4.4: Eli acknowledges; self-assessment and praise.
    eli.click_button("Acknowledge the metrics").await;
    eli.wait_for_text(".acknowledge", "Acknowledged").await;
    for (n, (outcome, rating, comment)) in [
        (
            "Monthly reports delivered by the 15th",
            "4",
            "Late only in August",
        ),
        (
            "Tickets resolved within two days",
            "3",
            "Backlog after the migration",
        ),
        ("Biweekly 1:1s held with my leader", "5", "Never missed one"),
    ]
    .into_iter()
    .enumerate()
    {
        let sel = labelled(&eli, &format!("My rating of {outcome}")).await;
        eli.select(&sel, rating).await;
        let row = eli
            .execute(&format!(
                "return document.querySelector(\"{sel}\").closest('form').querySelector('input[type=text]').id"
            ))
            .await;
        eli.fill(&format!("[id='{}']", row.as_str().unwrap()), comment)
            .await;
        eli.execute(&format!(
            "document.querySelector(\"{sel}\").closest('form').querySelector('button').click()"
        ))
        .await;
        eli.wait_for_count(".metric-row.self .badge.ok", n + 1)
            .await;
    }
    eli.select("#fb-kind", "praise").await;
    eli.fill("#fb-text", "Lea unblocked the data access in a day.")
        .await;
    eli.click_button("Note it").await;
    eli.wait_for_text(".feedback-list", "Lea unblocked the data access")
        .await;
    eli.wait_for_text(".review-doc", "Your leader has not shared the review")
        .await;
    saved(&eli).await;
    full_shot(&eli, "review-employee-self-assessment.png").await;
    // Lea does not hold Eli's card yet: a passphrase again. His file carries his card.
    let back = export_sync_file(&eli, Some(PASSPHRASE)).await;
    import(
        &lea,
        &back,
        Some(PASSPHRASE),
        "Performance plan of Eli Employee",
    )
    .await;
    lea.wait_for_text(".acknowledge", "Acknowledged").await;
    lea.wait_for_text(".metric-list", "Late only in August")
        .await;

    // Results of this period, scored against the template.
    let reports = labelled(&lea, "Result of Monthly reports delivered by the 15th").await;
    lea.fill(&reports, "78").await;
    lea.execute(&format!(
        "document.querySelector(\"{reports}\").closest('form').querySelector('button').click()"
    ))
    .await;
    lea.wait_for_text(".metric-row.result", "78 % of reports")
        .await;
    lea.wait_for_text(".metric-row.result .badge", "Below")
        .await;
    let tickets = labelled(&lea, "Result of Tickets resolved within two days").await;
    lea.fill(&tickets, "96").await;
    lea.execute(&format!(
        "document.querySelector(\"{tickets}\").closest('form').querySelector('button').click()"
    ))
    .await;
    lea.wait_for_text(".metric-list", "96 % of tickets").await;

    // R4.6: a case needs the barrier; then it is recorded with coaching.
    lea.click("button[aria-label='Document a case on Monthly reports delivered by the 15th']")
        .await;
    let what = labelled(&lea, "What happened").await;
    lea.fill(&what, "August report sent on the 19th").await;
    let coaching = labelled(&lea, "Coaching given").await;
    lea.fill(
        &coaching,
        "Start the draft on the 10th; ask for the figures on the 5th.",
    )
    .await;
    lea.click_button("Save case").await;
    lea.wait_for_text(".case-form .field-error", "Choose the one barrier")
        .await;
    lea.click(".case-form input[value='resources']").await;
    lea.click_button("Save case").await;
    lea.wait_for_text(".case-list", "August report sent on the 19th")
        .await;
    lea.wait_for_text(".case-list", "Lack of resources or support")
        .await;

    // R4.4: after the acknowledgement a change needs a reason.
    lea.click("button[aria-label='Edit metric Tickets resolved within two days']")
        .await;
    lea.fill("#edit-metric-target", "80").await;
    lea.click_button("Save metric").await;
    lea.wait_for_text(".metric .field-error", "fixed until")
        .await;
    lea.fill(
        "#edit-metric-reason",
        "The support team halved in November.",
    )
    .await;
    lea.click_button("Save metric").await;
    lea.wait_for_text(".metric-list", "≥ 80 % of tickets").await;
    lea.wait_for_text(".changes", "Changes with a reason (1)")
        .await;

    // The review, prepared from the data, drafted privately, then shared.
    lea.wait_for_text(".review-table", "Late only in August")
        .await;
    lea.wait_for_text(".review-table", "August report sent on the 19th")
        .await;
    lea.wait_for_text(".review-table", "Below").await;
    lea.click_button("Start from the data").await;
    let draft = lea
        .poll_value("textarea[id^='review-draft-']", |v| {
            v.contains("Monthly reports delivered by the 15th")
        })
        .await;
    assert!(draft.contains("Self-assessment 4 of 5"), "{draft}");
    assert!(draft.contains("1 documented case"), "{draft}");
    lea.fill(
        "textarea[id^='review-draft-']",
        "Strong quarter on tickets; reports need an earlier start. We agreed on a calendar.",
    )
    .await;
    saved(&lea).await;
    lea.click_button("Share the review").await;
    lea.wait_for_text(".shared-review", "Strong quarter on tickets")
        .await;
    lea.fill(
        "#review-comment",
        "Let us check the calendar in our next 1:1.",
    )
    .await;
    lea.click_button("Comment").await;
    lea.wait_for_text(".review-comments", "check the calendar")
        .await;
    saved(&lea).await;
    full_shot(&lea, "review-leader-plan.png").await;

    // A clean printable review: navigation, buttons and the rest of the page are gone.
    lea.execute("document.body.classList.add('print-review')")
        .await;
    lea.emulate_print(true).await;
    assert!(!shown(&lea, ".topbar").await, "no navigation in print");
    assert!(!shown(&lea, ".add-metric").await, "no forms in print");
    assert!(
        !shown(&lea, ".stats").await,
        "only the review document prints"
    );
    assert!(shown(&lea, ".review-table").await);
    assert!(shown(&lea, ".review-title").await);
    full_shot(&lea, "review-print.png").await;
    lea.emulate_print(false).await;
    lea.execute("document.body.classList.remove('print-review')")
        .await;

    // On a phone the plan reads top to bottom: nothing scrolls sideways.
    lea.set_viewport(390, 844).await;
    let overflow = lea
        .execute("return document.documentElement.scrollWidth - window.innerWidth;")
        .await
        .as_f64()
        .unwrap_or(0.0);
    if overflow > 0.5 {
        let wide = lea
            .execute(
                "return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right));",
            )
            .await;
        panic!("the plan scrolls sideways on a phone by {overflow} px: {wide}");
    }
    // Nor does the review table inside its box: each metric reads as a card, every cell
    // under its column's name.
    let table = lea
        .execute(
            "const box = document.querySelector('.review-table').parentElement; \
             const td = document.querySelector('.review-table td'); \
             return { inside: box.scrollWidth - box.clientWidth, \
                      label: getComputedStyle(td, '::before').content };",
        )
        .await;
    assert!(
        table["inside"].as_f64().unwrap_or(1.0) <= 0.5,
        "the review table scrolls sideways on a phone: {table}"
    );
    assert_eq!(table["label"], "\"Result\"", "{table}");
    lea.screenshot("review-phone-390.png").await;
    lea.execute("document.querySelector('.review-table').scrollIntoView(); return 1;")
        .await;
    lea.screenshot("review-phone-390-table.png").await;
    lea.set_viewport(1280, 900).await;

    // The employee gets the shared review and the comment with the next file, sealed to his
    // key now.
    let update = export_sync_file(&lea, None).await;
    import(&eli, &update, None, "My performance plan").await;
    eli.wait_for_text(".shared-review", "Strong quarter on tickets")
        .await;
    eli.wait_for_text(".review-comments", "Lea Leader").await;
    eli.wait_for_text(".metric-list", "≥ 80 % of tickets").await;
    eli.wait_for_text(".case-list", "August report sent on the 19th")
        .await;
    // The leader's private draft never travelled.
    assert_eq!(eli.count("textarea[id^='review-draft-']").await, 0);
    eli.fill("#review-comment", "Agreed, thanks.").await;
    eli.click_button("Comment").await;
    eli.wait_for_text(".review-comments", "Agreed, thanks.")
        .await;
    full_shot(&eli, "review-employee-shared.png").await;

    eli.goto("/#/reviews").await;
    eli.wait_for_text(".card", "With Lea Leader").await;
    lea.goto("/#/reviews").await;
    lea.wait_for_text(".series-row", "3 metrics").await;
    lea.wait_for_text(".series-row", "review shared").await;
    full_shot(&lea, "reviews-leader-list.png").await;

    // The dashboards: the leader's row for Eli and Eli's own view link to the plan (R6.1).
    lea.goto("/#/dashboard").await;
    lea.wait_for_text(
        ".people-figures td[data-label='Next review']",
        "review shared",
    )
    .await;
    full_shot(&lea, "review-dashboard-leader.png").await;
    eli.goto("/#/dashboard").await;
    eli.wait_for_text(".my-view a[href^='#/reviews/']", "review shared")
        .await;
    eli.click(".my-view a[href^='#/reviews/']").await;
    eli.wait_for_text("h1", "My performance plan").await;
}

/// R4.3: the sixth metric is refused on screen, and the form keeps what was typed.
async fn add_sixth(b: &Browser) {
    b.fill("#new-metric-outcome", "Invoices checked before sending")
        .await;
    b.fill("#new-metric-unit", "% of invoices").await;
    b.fill("#new-metric-target", "90").await;
    b.fill("#new-metric-exceeds", "99").await;
    b.fill("#new-metric-period", "each month").await;
    b.click_button("Add metric").await;
    b.wait_for_text(".add-metric .field-error", "at most 5 metrics")
        .await;
    assert_eq!(
        b.prop("#new-metric-outcome", "value").await.as_deref(),
        Some("Invoices checked before sending")
    );
    assert_eq!(b.count(".metric-list .metric").await, 5);
    b.fill("#new-metric-outcome", "").await;
    b.fill("#new-metric-unit", "").await;
    b.fill("#new-metric-target", "").await;
    b.fill("#new-metric-exceeds", "").await;
    b.fill("#new-metric-period", "").await;
}
