//! A deterministic generator of realistic workspaces (issue 11): one leader, a team, years of
//! daily check-ins, a biweekly 1:1 series per person with topics, notes and actions, a
//! development plan and a performance plan (Goal 4: metrics, results, feedback, cases, shared
//! reviews) per person, and the leader's team objectives (Goal 2: priorities, objectives, KPIs
//! with weekly values, the metrics meeting's records, questions) — written through the real core commands, so the documents
//! are exactly what the app would write (one commit per command, with its author and time).
//!
//! Everything is derived from `(scale, seed, today)`: ids (`domain::with_seeded_ids`),
//! Automerge actors, key pairs and every choice come from the seed, so the same inputs give
//! the same documents (same heads) on every run. Only the backup's encryption (salt, nonce)
//! is random, as it must be.
//!
//! What the leader's browser holds is what the generator returns: the private workspace
//! (roster, personal context, private notes on some 1:1s, the employees' contact cards and the
//! shared-document index with both writers' keys), the private check-ins, one document per
//! calendar month (`docs::checkins`; the workspace holds none), and every shared document,
//! holding the changes of both sides (each side writes with its own Automerge actor, as two
//! browsers exchanging sync files would). The identity's secret keys travel with the backup.

use std::collections::BTreeMap;

use automerge::{ActorId, AutoCommit, ChangeHash};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use rapport_core::docs::workspace::{self, Contact, SharedDoc};
use rapport_core::docs::{
    checkins as months, development_plan as plan, exchange, one_on_one, performance_plan as perf,
    private_notes, trust, DocKind,
};
use rapport_core::domain::development::{
    BenchDraft, DiscussionDraft, DiscussionKind, GoalActionDraft, GoalDraft, GoalStatus, Horizon,
    Interest, Readiness,
};
use rapport_core::domain::one_on_one::{ActionDraft, OneOnOne, Participant, Section};
use rapport_core::domain::performance::{
    num, quarter_start, Barrier, CaseDraft, MetricDraft, Period, ReviewCycle,
};
use rapport_core::domain::Side;
use rapport_core::domain::{with_seeded_ids, Channel, CheckIn, Person, WorkWeek};
use rapport_core::review;
use rapport_core::sync::{
    self, Addressee, Argon2Params, BackupEntry, ContactCard, Identity, SealTo, SyncHeaderDraft,
};

/// How big a workspace to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// 2 people, two weeks: a smoke test.
    Small,
    /// 12 people, one year.
    Team12,
    /// 50 people, five years: the budgets of issue 11 are measured on this one.
    Large,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Small, Scale::Team12, Scale::Large];

    pub fn name(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Team12 => "team12",
            Scale::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|x| x.name() == s)
    }

    pub fn people(self) -> usize {
        match self {
            Scale::Small => 2,
            Scale::Team12 => 12,
            Scale::Large => 50,
        }
    }

    /// Days of history before `today`.
    pub fn days(self) -> i64 {
        match self {
            Scale::Small => 14,
            Scale::Team12 => 365,
            Scale::Large => 5 * 365 + 1,
        }
    }
}

/// Knobs of the generated history (defaults: what the issue describes).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Share of working days with a check-in, per person.
    pub checkin_rate: f64,
    /// Days between two 1:1s.
    pub one_on_one_every_days: i64,
    /// Typing commits every 300 ms while it goes on (ARCHITECTURE.md): one prose field becomes
    /// several commits. One commit per this many characters typed.
    pub chars_per_commit: usize,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            checkin_rate: 0.8,
            one_on_one_every_days: 14,
            chars_per_commit: 40,
        }
    }
}

/// What the benchmark needs to know about a generated workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub scale: &'static str,
    pub seed: u64,
    pub today: NaiveDate,
    pub leader_name: String,
    /// Active people, as Today lists them.
    pub people: Vec<String>,
    pub checkins: usize,
    pub meetings: usize,
    pub actions: usize,
    pub plans: usize,
    /// The 1:1 series and plan the benchmark opens (the first person's).
    pub series_id: String,
    pub series_person: String,
    pub plan_id: String,
    pub plan_title: String,
    /// Goal 4: performance plans, their recorded results (each period-to-date update counts),
    /// shared reviews, feedback notes and documented cases.
    pub performance_plans: usize,
    pub results: usize,
    pub reviews: usize,
    pub feedback: usize,
    pub cases: usize,
    /// The performance plan the benchmark opens (the first person's) and its page heading.
    pub review_id: String,
    pub review_title: String,
    /// Goal 2: the leader's team objectives (its page heading is the team's name), with its
    /// recorded KPI values, metrics-meeting records and questions.
    pub team_id: String,
    pub team_title: String,
    pub kpi_values: usize,
    pub team_meetings: usize,
    pub team_questions: usize,
    /// Automerge bytes (`save()`) per document kind.
    pub workspace_bytes: usize,
    /// The months of check-ins (one private document per calendar month), and their bytes.
    pub checkin_months: usize,
    pub checkin_bytes: usize,
    pub series_bytes: usize,
    pub plan_bytes: usize,
    /// Performance plans.
    pub review_bytes: usize,
    /// The team-objectives document.
    pub team_bytes: usize,
}

impl Manifest {
    pub fn total_bytes(&self) -> usize {
        self.workspace_bytes
            + self.checkin_bytes
            + self.series_bytes
            + self.plan_bytes
            + self.review_bytes
            + self.team_bytes
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "scale": self.scale,
            "seed": self.seed,
            "today": self.today.to_string(),
            "leader_name": self.leader_name,
            "people": self.people,
            "checkins": self.checkins,
            "meetings": self.meetings,
            "actions": self.actions,
            "plans": self.plans,
            "series_id": self.series_id,
            "series_person": self.series_person,
            "plan_id": self.plan_id,
            "plan_title": self.plan_title,
            "performance_plans": self.performance_plans,
            "results": self.results,
            "reviews": self.reviews,
            "feedback": self.feedback,
            "cases": self.cases,
            "review_id": self.review_id,
            "review_title": self.review_title,
            "team_id": self.team_id,
            "team_title": self.team_title,
            "kpi_values": self.kpi_values,
            "team_meetings": self.team_meetings,
            "team_questions": self.team_questions,
            "workspace_bytes": self.workspace_bytes,
            "checkin_months": self.checkin_months,
            "checkin_bytes": self.checkin_bytes,
            "series_bytes": self.series_bytes,
            "plan_bytes": self.plan_bytes,
            "review_bytes": self.review_bytes,
            "team_bytes": self.team_bytes,
        })
    }
}

/// A follow-up sync file from the first person: their next 1:1 proposed with two topics,
/// signed with their key and encrypted to the leader's (what the leader imports on a normal
/// day).
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub file: Vec<u8>,
    pub doc_id: String,
    pub from: String,
}

/// A generated leader's browser.
pub struct Generated {
    pub entries: Vec<BackupEntry>,
    /// The leader's identity (`Identity::to_secret_bytes`), carried by the backup.
    pub identity_secret: Vec<u8>,
    pub follow_up: FollowUp,
    pub manifest: Manifest,
}

impl Generated {
    /// The leader's workspace, hydrated (what the tests, benches and profiles read first).
    pub fn workspace(&self) -> workspace::Workspace {
        let entry = self
            .entries
            .iter()
            .find(|e| e.kind == DocKind::Workspace)
            .expect("a generated browser has a workspace");
        workspace::load(&AutoCommit::load(&entry.bytes).expect("loads")).expect("hydrates")
    }

    /// The encrypted backup file (format 2, Argon2id with the app's default cost).
    pub fn backup(&self, passphrase: &str) -> Result<Vec<u8>, sync::BackupError> {
        self.backup_with_params(passphrase, Argon2Params::DEFAULT)
    }

    pub fn backup_with_params(
        &self,
        passphrase: &str,
        params: Argon2Params,
    ) -> Result<Vec<u8>, sync::BackupError> {
        // Salt and nonce only need to differ between files: std's per-process random hash
        // keys and the clock are enough for a benchmark backup.
        use std::hash::{BuildHasher, Hasher};
        let mut seed = [0u8; 32];
        for chunk in seed.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        let mut rng = ChaCha20Rng::from_seed(seed);
        sync::seal_backup_with_keys(
            &self.entries,
            Some(&self.identity_secret),
            passphrase,
            params,
            &mut rng,
        )
    }
}

const FIRST: [&str; 25] = [
    "Ada", "Bo", "Chioma", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Lars", "Mei", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Ulla", "Vikram",
    "Wen", "Ximena", "Yusuf",
];
const LAST: [&str; 10] = [
    "Lovelace", "Okafor", "Novak", "Tanaka", "García", "Schmidt", "Haddad", "Nguyen", "Kowalski",
    "Mensah",
];
const ROLES: [&str; 6] = [
    "Software engineer",
    "Senior engineer",
    "Designer",
    "Product analyst",
    "QA engineer",
    "Data scientist",
];
const TOPICS: [&str; 16] = [
    "Roadmap for next quarter",
    "On-call load",
    "Feedback on the design review",
    "Conference talk proposal",
    "Pairing with the new hire",
    "Workload and focus time",
    "Career path: staff role",
    "Release retrospective",
    "Learning budget",
    "Team process: stand-ups",
    "Customer escalation last week",
    "Holiday planning",
    "Mentoring a junior colleague",
    "Test flakiness",
    "Promotion criteria",
    "Hybrid work days",
];
const PHRASES: [&str; 20] = [
    "We talked about how the week went and what felt heavy.",
    "Shipping went well; the migration took longer than planned.",
    "Wants more ownership of the billing service.",
    "Feels the on-call rotation is fair now that we added a second person.",
    "Suggested I share context earlier when priorities change.",
    "Good progress on the course; finished the second module.",
    "Metrics: cycle time down to three days, two incidents, both minor.",
    "I said the write-up for the outage was clear and calm — thank you.",
    "Asked for feedback on running the planning meeting.",
    "Discussed the stretch assignment and what support is needed.",
    "Energy is good; family visit next month.",
    "Blocked on the API review; I will ping the platform team.",
    "Would like to present at the engineering all-hands.",
    "Less context switching since the focus mornings started.",
    "Career: interested in the tech lead path within two years.",
    "Reviewed the goals; the certification is on track.",
    "Agreed to pair on the performance investigation.",
    "Thinks the team could demo more often to stakeholders.",
    "Naïve estimate last sprint — we laughed about it; retro notes are in the doc.",
    "Quiet week; mostly bug fixes and documentation.",
];
const ACTIONS: [&str; 10] = [
    "Draft the proposal and share it",
    "Book a session with the platform team",
    "Write up the incident timeline",
    "Send the course link",
    "Review the onboarding checklist",
    "Ask finance about the learning budget",
    "Prepare the demo for Friday",
    "Update the roadmap page",
    "Introduce to the design lead",
    "Collect feedback from two peers",
];
const CONTEXT: [&str; 8] = [
    "Two kids; school run on Tuesdays.",
    "Training for a marathon in spring.",
    "Moved from Lisbon last year; still settling in.",
    "Prefers written feedback before a conversation.",
    "Caring for a parent; flexible hours agreed.",
    "Plays in a jazz band on weekends.",
    "Learning Japanese; trip planned for the autumn.",
    "Quiet in big meetings, great one to one.",
];

/// Deterministic choices from the seed.
struct Dice(ChaCha20Rng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.0.next_u64() as f64 / u64::MAX as f64) < p
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    /// A note of `sentences` phrases.
    fn prose(&mut self, sentences: usize) -> String {
        (0..sentences)
            .map(|_| self.pick(&PHRASES))
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn actor(&mut self) -> ActorId {
        let mut b = [0u8; 16];
        self.0.fill_bytes(&mut b);
        ActorId::from(b.as_slice())
    }
}

fn ms(day: NaiveDate, hour: u32, minute: u32) -> i64 {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap())
        .and_utc()
        .timestamp_millis()
}

/// Types `full` into a text field the way the app commits it: in bursts of
/// `chars_per_commit` characters, each one command and one commit.
fn typed(full: &str, chars_per_commit: usize) -> Vec<String> {
    let chars: Vec<char> = full.chars().collect();
    let mut out = Vec::new();
    let mut end = 0;
    while end < chars.len() {
        end = (end + chars_per_commit.max(1)).min(chars.len());
        out.push(chars[..end].iter().collect());
    }
    out
}

/// Generates the leader's browser for `scale`, with history up to `today` (exclusive).
pub fn generate_workspace(scale: Scale, seed: u64, today: NaiveDate) -> Generated {
    generate_shaped(scale, seed, today, Shape::default())
}

pub fn generate_shaped(scale: Scale, seed: u64, today: NaiveDate, shape: Shape) -> Generated {
    with_seeded_ids(seed, || build(scale, seed, today, shape))
}

struct Member {
    person: Person,
    identity: Identity,
    card: ContactCard,
    actor: ActorId,
}

fn build(scale: Scale, seed: u64, today: NaiveDate, shape: Shape) -> Generated {
    let mut dice = Dice(ChaCha20Rng::seed_from_u64(seed));
    let start = today - Duration::days(scale.days());
    let created = start - Duration::days(3);
    let week = WorkWeek::default();

    // The leader: workspace, keys, the Automerge actor of their browser.
    let leader_name = "Lea Leader".to_string();
    let ws_id = rapport_core::domain::new_id();
    let leader_id = rapport_core::domain::new_id();
    let leader_identity = Identity::generate(&mut dice.0);
    let leader_card = leader_identity
        .public(&leader_id, &leader_name)
        .expect("leader card");
    let leader_key = trust::key_hex(&leader_card);
    let leader_actor = dice.actor();
    let me = Participant::new(leader_id.clone(), leader_name.clone());
    let mut ws = workspace::create(&ws_id, &leader_id, &leader_name, ms(created, 9, 0))
        .expect("create workspace");
    ws.set_actor(leader_actor.clone());

    // The team.
    let mut team: Vec<Member> = Vec::new();
    for i in 0..scale.people() {
        let name = format!(
            "{} {}",
            FIRST[i % FIRST.len()],
            LAST[(i / FIRST.len() + i) % LAST.len()]
        );
        let person = Person {
            id: rapport_core::domain::new_id(),
            name: name.clone(),
            role_title: dice.pick(&ROLES).to_string(),
            start_date: Some(start - Duration::days(30 * (1 + dice.below(60) as i64))),
            added_on: start,
            archived_on: None,
        };
        workspace::put_person(&mut ws, &person, &format!("Added {name}"), ms(start, 8, 30))
            .expect("add person");
        // The employee's own identity: their card names their own profile id.
        let identity = Identity::generate(&mut dice.0);
        let card = identity
            .public(&rapport_core::domain::new_id(), &name)
            .expect("employee card");
        let contact = Contact {
            person_id: card.person_id.clone(),
            name: name.clone(),
            card: card.to_text(),
            fingerprint: card.fingerprint(),
            verified: true,
            added_ms: ms(start, 10, 0),
            has_my_card: true,
        };
        workspace::put_contact(
            &mut ws,
            &contact,
            &format!("Added contact {name}"),
            ms(start, 10, 0),
        )
        .expect("add contact");
        let actor = dice.actor();
        team.push(Member {
            person,
            identity,
            card,
            actor,
        });
    }

    // Personal context, updated a few times a year (R1.3).
    for m in &team {
        let mut text = String::new();
        let mut day = start + Duration::days(dice.below(20) as i64);
        while day < today {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(dice.pick(&CONTEXT));
            workspace::set_context(&mut ws, &m.person.id, text.as_str(), ms(day, 17, 30))
                .expect("context");
            day += Duration::days(90 + dice.below(60) as i64);
        }
    }

    // Daily check-ins (R1.2): one command and one commit each, in the order they happen, in
    // the document of their month (created, as the app does, when its first check-in is
    // logged; its writer's actor is seeded like every other id).
    let mut checkins = 0;
    let mut month_docs: BTreeMap<NaiveDate, AutoCommit> = BTreeMap::new();
    let yesterday = today - Duration::days(1);
    for day in week.working_days(start, yesterday) {
        for (i, m) in team.iter().enumerate() {
            if !dice.chance(shape.checkin_rate) {
                continue;
            }
            let minute = (i * 7 + dice.below(50)) as u32 % 60;
            let logged_at = ms(day, 9 + (i % 8) as u32, minute);
            let c = CheckIn {
                id: rapport_core::domain::new_id(),
                person_id: m.person.id.clone(),
                date: day,
                channel: match dice.below(4) {
                    0 => None,
                    1 => Some(Channel::Call),
                    2 => Some(Channel::Message),
                    _ => Some(Channel::InPerson),
                },
                note: if dice.chance(0.15) {
                    dice.pick(&PHRASES).to_string()
                } else {
                    String::new()
                },
                minutes: dice.chance(0.5).then(|| 5 + dice.below(6) as u32),
                logged_at,
            };
            let month = month_docs.entry(months::month_of(day)).or_insert_with(|| {
                let actor = rapport_core::docs::new_doc().get_actor().clone();
                months::create(day, actor).expect("create month of check-ins")
            });
            months::put(month, &c, &leader_name, logged_at).expect("check-in");
            checkins += 1;
        }
    }

    // One 1:1 series and one development plan per person.
    let mut entries = Vec::new();
    let mut meetings_total = 0;
    let mut actions_total = 0;
    let (mut series_bytes, mut plan_bytes) = (0, 0);
    let mut first_series: Option<(String, AutoCommit)> = None;
    let mut first_plan: Option<(String, String)> = None;
    let mut first_review: Option<(String, String)> = None;
    let (mut results_total, mut reviews_total, mut feedback_total, mut cases_total) = (0, 0, 0, 0);
    let mut review_bytes = 0;
    let mut notes_docs: Vec<(String, AutoCommit)> = Vec::new();
    for (idx, m) in team.iter().enumerate() {
        let employee = Participant::new(m.person.id.clone(), m.person.name.clone());
        let series_id = rapport_core::domain::new_id();
        let mut notes = None;
        let (mut doc, counts) = series(
            &series_id,
            &me,
            &employee,
            &leader_actor,
            &m.actor,
            start,
            today,
            shape,
            &mut dice,
            &mut notes,
        );
        if let Some(notes) = notes {
            notes_docs.push((series_id.clone(), notes));
        }
        meetings_total += counts.0;
        actions_total += counts.1;
        let title = format!("1:1s {} – {}", leader_name, m.person.name);
        series_bytes += keep_shared(
            (&mut ws, &mut entries),
            (DocKind::OneOnOne, &series_id, &title),
            (m, &leader_key),
            &mut doc,
            (ms(yesterday, 18, 0), ms(start, 11, 0)),
            &format!("Started 1:1 series with {}", m.person.name),
        );
        // What a review reads of the series (1:1 adherence, R3.6).
        let outline = one_on_one::load_outline(&doc).expect("series outline");
        if idx == 0 {
            first_series = Some((series_id.clone(), doc));
        }

        let plan_id = rapport_core::domain::new_id();
        let plan_title = format!("Development plan of {}", m.person.name);
        let mut pdoc = development_plan(
            &plan_id,
            &me,
            &employee,
            &leader_actor,
            &m.actor,
            start,
            today,
            &mut dice,
        );
        plan_bytes += keep_shared(
            (&mut ws, &mut entries),
            (DocKind::DevelopmentPlan, &plan_id, &plan_title),
            (m, &leader_key),
            &mut pdoc,
            (ms(yesterday, 18, 5), ms(start, 11, 5)),
            &format!("Started the development plan of {}", m.person.name),
        );
        if idx == 0 {
            first_plan = Some((plan_id, plan_title));
        }

        // Goal 4: the performance plan the leader keeps with them.
        let review_id = rapport_core::domain::new_id();
        let review_title = format!("Performance plan of {}", m.person.name);
        let (mut rdoc, counts) = performance_plan(
            &review_id,
            &me,
            &employee,
            &leader_actor,
            &m.actor,
            &outline,
            start,
            today,
            &mut dice,
        );
        results_total += counts.results;
        reviews_total += counts.reviews;
        feedback_total += counts.feedback;
        cases_total += counts.cases;
        review_bytes += keep_shared(
            (&mut ws, &mut entries),
            (DocKind::PerformancePlan, &review_id, &review_title),
            (m, &leader_key),
            &mut rdoc,
            (
                ms(yesterday, 18, 10),
                ms((start + Duration::days(2)).min(yesterday), 13, 0),
            ),
            &format!("Started the performance plan of {}", m.person.name),
        );
        if idx == 0 {
            first_review = Some((review_id, review_title));
        }
    }

    // The follow-up file: the first person proposes the next 1:1 and adds two topics on their
    // copy, then sends the changes the leader lacks.
    let (series_id, mut leader_copy) = first_series.expect("at least one person");
    let first = &team[0];
    let base = leader_copy.get_heads();
    let mut theirs = leader_copy.fork().with_actor(first.actor.clone());
    let employee = Participant::new(first.person.id.clone(), first.person.name.clone());
    let now = ms(today, 8, 0);
    let next = next_slot(today + Duration::days(7), &week);
    let mid =
        one_on_one::propose_meeting(&mut theirs, &employee.id, next, 45, now).expect("propose");
    for t in 0..2 {
        one_on_one::add_topic(&mut theirs, &employee.id, &mid, dice.pick(&TOPICS), now + t)
            .expect("topic");
    }
    let payload = exchange::changes_since(&mut theirs, &base);
    let draft = SyncHeaderDraft {
        doc_id: series_id.clone(),
        doc_kind: DocKind::OneOnOne,
        doc_title: format!("1:1s {} – {}", leader_name, first.person.name),
        sender_heads: exchange::heads_to_hex(&theirs.get_heads()),
        base_heads: exchange::heads_to_hex(&base),
        change_count: theirs.get_changes(&base).len() as u32,
        created_ms: now,
        addressee: Some(Addressee {
            person_id: leader_id.clone(),
            name: leader_name.clone(),
        }),
    };
    let file = sync::seal(
        &draft,
        &payload,
        &first.identity,
        &first.card,
        SealTo::Contact(&leader_card),
        &mut dice.0,
    )
    .expect("seal follow-up");
    let follow_up = FollowUp {
        file,
        doc_id: series_id.clone(),
        from: first.person.name.clone(),
    };

    // Goal 2: the team's objectives, led by the leader, everyone on the roster a member.
    let team_id = rapport_core::domain::new_id();
    let team_title = "Platform team".to_string();
    let (mut tdoc, team_counts) = team_objectives(
        &team_id,
        &team_title,
        &me,
        &leader_actor,
        &team,
        start,
        today,
        &mut dice,
    );
    let team_bytes = keep_team(
        (&mut ws, &mut entries),
        (&team_id, &team_title),
        (&leader_id, &leader_key),
        &team,
        &mut tdoc,
        (
            ms(yesterday, 18, 15),
            ms((start + Duration::days(1)).min(yesterday), 8, 0),
        ),
    );

    let ws_bytes = ws.save();
    let workspace_bytes = ws_bytes.len();
    // The private documents first (the workspace, its months in order, the private notes on
    // each series), then the shared.
    let checkin_months = month_docs.len();
    let mut checkin_bytes = 0;
    let private = std::iter::once(BackupEntry {
        doc_id: ws_id,
        kind: DocKind::Workspace,
        bytes: ws_bytes,
    })
    .chain(month_docs.into_iter().map(|(month, mut doc)| {
        let bytes = doc.save();
        checkin_bytes += bytes.len();
        BackupEntry {
            doc_id: months::month_id(month),
            kind: DocKind::CheckIns,
            bytes,
        }
    }))
    .chain(
        notes_docs
            .into_iter()
            .map(|(series_id, mut doc)| BackupEntry {
                doc_id: private_notes::id_for(&series_id),
                kind: DocKind::PrivateNotes,
                bytes: doc.save(),
            }),
    )
    .collect::<Vec<_>>();
    entries.splice(0..0, private);
    let (plan_id, plan_title) = first_plan.expect("at least one person");
    let (review_id, review_title) = first_review.expect("at least one person");
    let mut people: Vec<String> = team.iter().map(|m| m.person.name.clone()).collect();
    people.sort_by_key(|n| n.to_lowercase());
    Generated {
        entries,
        identity_secret: leader_identity.to_secret_bytes().to_vec(),
        follow_up,
        manifest: Manifest {
            scale: scale.name(),
            seed,
            today,
            leader_name,
            people,
            checkins,
            meetings: meetings_total,
            actions: actions_total,
            plans: team.len(),
            series_id,
            series_person: first.person.name.clone(),
            plan_id,
            plan_title,
            performance_plans: team.len(),
            results: results_total,
            reviews: reviews_total,
            feedback: feedback_total,
            cases: cases_total,
            review_id,
            review_title,
            team_id,
            team_title,
            kpi_values: team_counts.values,
            team_meetings: team_counts.meetings,
            team_questions: team_counts.questions,
            workspace_bytes,
            checkin_months,
            checkin_bytes,
            series_bytes,
            plan_bytes,
            review_bytes,
            team_bytes,
        },
    }
}

/// The leader's index entry for a shared document both sides have written to and exchanged.
/// Indexes a shared document in the leader's workspace (received from the member at
/// `received_ms`, indexed at `indexed_ms`) and keeps its bytes for the backup; returns its size.
fn keep_shared(
    (ws, entries): (&mut AutoCommit, &mut Vec<BackupEntry>),
    (kind, doc_id, title): (DocKind, &str, &str),
    (m, leader_key): (&Member, &str),
    doc: &mut AutoCommit,
    (received_ms, indexed_ms): (i64, i64),
    what: &str,
) -> usize {
    let entry = shared_entry(kind, title, m, leader_key, doc, received_ms);
    workspace::put_shared(ws, doc_id, &entry, what, indexed_ms).expect("index shared document");
    let bytes = doc.save();
    let size = bytes.len();
    entries.push(BackupEntry {
        doc_id: doc_id.to_string(),
        kind,
        bytes,
    });
    size
}

fn shared_entry(
    kind: DocKind,
    title: &str,
    m: &Member,
    leader_key: &str,
    doc: &mut AutoCommit,
    last_ms: i64,
) -> SharedDoc {
    let counterpart = Participant::new(m.person.id.clone(), m.person.name.clone());
    let mut entry = SharedDoc {
        roster_person_id: m.person.id.clone(),
        contact_id: m.card.person_id.clone(),
        their_heads: exchange::heads_to_hex(&doc.get_heads()),
        last_sent_ms: last_ms,
        last_received_ms: last_ms,
        my_key: leader_key.to_string(),
        counterpart_key: trust::key_hex(&m.card),
        ..SharedDoc::new(kind, title.to_string(), Side::Leader, &counterpart)
    };
    trust::note_their_actors(&mut entry, [m.actor.to_hex_string().as_str()]);
    entry
}

/// The working day on or after `day`, at 10:00.
fn next_slot(day: NaiveDate, week: &WorkWeek) -> NaiveDateTime {
    let mut d = day;
    while !week.is_working_day(d) {
        d += Duration::days(1);
    }
    d.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap())
}

/// A biweekly 1:1 series over `[start, today)`: the employee proposes each meeting a week
/// ahead and brings topics, the leader adds one; both take notes in their sections (typed in
/// bursts); the meeting is recorded held (or, rarely, missed); actions with owners and due
/// dates are agreed and most are done by the next 1:1. Returns (meetings, actions).
#[allow(clippy::too_many_arguments)]
fn series(
    doc_id: &str,
    leader: &Participant,
    employee: &Participant,
    leader_actor: &ActorId,
    employee_actor: &ActorId,
    start: NaiveDate,
    today: NaiveDate,
    shape: Shape,
    dice: &mut Dice,
    notes: &mut Option<AutoCommit>,
) -> (AutoCommit, (usize, usize)) {
    let week = WorkWeek::default();
    let mut doc = one_on_one::create(doc_id, leader, employee, Side::Leader, ms(start, 11, 0))
        .expect("create series");
    let as_leader = |doc: &mut AutoCommit| {
        doc.set_actor(leader_actor.clone());
    };
    let as_employee = |doc: &mut AutoCommit| {
        doc.set_actor(employee_actor.clone());
    };
    let mut open: Vec<(String, NaiveDate)> = Vec::new();
    let (mut meetings, mut actions) = (0, 0);
    let mut day = start + Duration::days(3 + dice.below(7) as i64);
    while day < today {
        let when = next_slot(day, &week);
        let date = when.date();
        if date >= today {
            break;
        }
        let proposed = ms(date - Duration::days(7), 12, 0);
        as_employee(&mut doc);
        let mid = one_on_one::propose_meeting(&mut doc, &employee.id, when, 45, proposed)
            .expect("propose");
        meetings += 1;
        let mut topic_ids = Vec::new();
        for t in 0..2 {
            let id = one_on_one::add_topic(
                &mut doc,
                &employee.id,
                &mid,
                dice.pick(&TOPICS),
                proposed + 60_000 * (t + 1),
            )
            .expect("topic");
            topic_ids.push(id);
        }
        as_leader(&mut doc);
        topic_ids.push(
            one_on_one::add_topic(
                &mut doc,
                &leader.id,
                &mid,
                dice.pick(&TOPICS),
                proposed + 86_400_000,
            )
            .expect("topic"),
        );
        let at = ms(date, 10, 0);
        if dice.chance(0.06) {
            one_on_one::record_missed(
                &mut doc,
                &leader.id,
                &mid,
                "Sick day; moved to next slot",
                at,
            )
            .expect("missed");
            day = date + Duration::days(shape.one_on_one_every_days);
            continue;
        }
        // Notes: the leader's sections, then the employee's, typed in bursts.
        let mut t = at;
        for (who, section, sentences) in [
            (Side::Leader, Section::Connection, 1),
            (Side::Leader, Section::Metrics, 1),
            (Side::Leader, Section::FeedbackToEmployee, 2),
            (Side::Employee, Section::FeedbackToLeader, 1),
            (Side::Employee, Section::Development, 1),
        ] {
            let by = if who == Side::Leader {
                as_leader(&mut doc);
                leader
            } else {
                as_employee(&mut doc);
                employee
            };
            let text = dice.prose(sentences);
            for partial in typed(&text, shape.chars_per_commit) {
                t += 300;
                one_on_one::edit_section(&mut doc, &by.id, &mid, section, partial.as_str(), t)
                    .expect("notes");
            }
        }
        as_leader(&mut doc);
        for id in topic_ids.iter().take(2) {
            t += 1_000;
            one_on_one::set_topic_discussed(&mut doc, &leader.id, &mid, id, true, t)
                .expect("discussed");
        }
        // Actions from earlier 1:1s that are due: most are done now.
        let mut still_open = Vec::new();
        for (id, due) in open.drain(..) {
            if due <= date && dice.chance(0.85) {
                t += 1_000;
                one_on_one::complete_action(&mut doc, &leader.id, &id, date, t).expect("done");
            } else {
                still_open.push((id, due));
            }
        }
        open = still_open;
        for n in 0..(1 + dice.below(2)) {
            let due = date + Duration::days(10 + dice.below(10) as i64);
            let draft = ActionDraft {
                meeting_id: mid.clone(),
                text: dice.pick(&ACTIONS).to_string(),
                owner: Some(if n % 2 == 0 {
                    Side::Employee
                } else {
                    Side::Leader
                }),
                due: Some(due),
            };
            t += 1_000;
            let id = one_on_one::add_action(&mut doc, &leader.id, &draft, t).expect("action");
            open.push((id, due));
            actions += 1;
        }
        t += 1_000;
        one_on_one::record_held(&mut doc, &leader.id, &mid, 35 + dice.below(15) as u32, t)
            .expect("held");
        // R3.8: now and then a private note, in the leader's private notes on this series.
        if dice.chance(0.2) {
            let doc = notes.get_or_insert_with(|| {
                private_notes::create(doc_id, leader_actor.clone()).expect("private notes")
            });
            private_notes::set(doc, &mid, dice.pick(&PHRASES), &leader.name, t + 60_000)
                .expect("private note");
        }
        day = date + Duration::days(shape.one_on_one_every_days);
    }
    as_leader(&mut doc);
    (doc, (meetings, actions))
}

/// A development plan started by the leader, led by the employee: priorities, aspirations,
/// 1/3/5-year goals with actions (renewed each year), the leader's bench assessment, comments,
/// a short IDP check every two months and an in-depth discussion every six.
#[allow(clippy::too_many_arguments)]
fn development_plan(
    doc_id: &str,
    leader: &Participant,
    employee: &Participant,
    leader_actor: &ActorId,
    employee_actor: &ActorId,
    start: NaiveDate,
    today: NaiveDate,
    dice: &mut Dice,
) -> AutoCommit {
    let to_plan = |p: &Participant| rapport_core::domain::development::Participant {
        id: p.id.clone(),
        name: p.name.clone(),
    };
    let (e, l) = (to_plan(employee), to_plan(leader));
    let created = start + Duration::days(1);
    let mut doc =
        plan::create(doc_id, &e, &l, &l.id, created, ms(created, 14, 0)).expect("create plan");
    doc.set_actor(leader_actor.clone());
    let mut year_start = created;
    let mut goals: BTreeMap<String, (NaiveDate, Vec<String>)> = BTreeMap::new();
    while year_start < today {
        let d = year_start + Duration::days(2);
        if d >= today {
            break;
        }
        let at = ms(d, 15, 0);
        doc.set_actor(employee_actor.clone());
        // A new year: last year's one-year goal is achieved, new goals are set.
        for (id, _) in std::mem::take(&mut goals) {
            let _ = plan::set_goal_status(&mut doc, &e.id, &id, GoalStatus::Achieved, d, at);
        }
        plan::set_priorities(&mut doc, &e.id, dice.prose(2).as_str(), d, at + 1_000)
            .expect("priorities");
        plan::set_aspiration(
            &mut doc,
            &e.id,
            Some(Interest::ALL[dice.below(3)]),
            Some(Interest::ALL[dice.below(3)]),
            d,
            at + 2_000,
        )
        .expect("aspiration");
        for (n, (horizon, months)) in [
            (Horizon::OneYear, 11),
            (Horizon::ThreeYears, 34),
            (Horizon::FiveYears, 58),
        ]
        .into_iter()
        .enumerate()
        {
            let target = d + Duration::days(months * 30);
            let draft = GoalDraft {
                horizon,
                title: format!("{} ({})", dice.pick(&ACTIONS), d.year()),
                description: dice.prose(2),
                target_date: target.to_string(),
                within_organisation: n != 2,
            };
            let added =
                plan::add_goal(&mut doc, &e.id, &draft, d, at + 3_000 + n as i64).expect("goal");
            let mut acts = Vec::new();
            for k in 0..2 {
                let a = GoalActionDraft {
                    text: dice.pick(&ACTIONS).to_string(),
                    due: (d + Duration::days(60 + 90 * k)).to_string(),
                };
                let id = plan::add_goal_action(&mut doc, &e.id, &added.id, &a, d, at + 4_000)
                    .expect("goal action");
                acts.push(id.id);
            }
            goals.insert(added.id, (target, acts));
        }
        doc.set_actor(leader_actor.clone());
        plan::set_bench_assessment(
            &mut doc,
            &l.id,
            &BenchDraft {
                role_title: "Software engineer".into(),
                readiness: [
                    Readiness::ReadyNow,
                    Readiness::OneToTwoYears,
                    Readiness::ThreeYearsPlus,
                ][dice.below(3)],
                successor_for: vec!["Tech lead".into()],
                backfill_needed: dice.chance(0.3),
            },
            d,
            at + 5_000,
        )
        .expect("bench");
        plan::add_comment(&mut doc, &l.id, dice.pick(&PHRASES), at + 6_000).expect("comment");
        // Through the year: checks every two months, in-depth every six; actions get done.
        for month in 1..=6 {
            let day = d + Duration::days(month * 60);
            if day >= today {
                break;
            }
            let when = ms(day, 11, 0);
            let kind = if month % 3 == 0 {
                DiscussionKind::InDepth
            } else {
                DiscussionKind::Check
            };
            let draft = DiscussionDraft {
                date: day,
                kind,
                one_on_one_id: None,
                notes: dice.prose(if kind == DiscussionKind::InDepth {
                    3
                } else {
                    1
                }),
            };
            doc.set_actor(leader_actor.clone());
            plan::record_discussion(&mut doc, &l.id, &draft, day, when).expect("discussion");
            doc.set_actor(employee_actor.clone());
            for (gid, (_, acts)) in goals.iter_mut() {
                if let Some(a) = acts.pop() {
                    if dice.chance(0.5) {
                        plan::set_goal_action_done(&mut doc, &e.id, gid, &a, true, day, when + 1)
                            .expect("goal action done");
                    }
                }
            }
        }
        year_start += Duration::days(365);
    }
    doc.set_actor(leader_actor.clone());
    doc
}

/// The heads of every generated document, by id (what "the same workspace" means).
pub fn heads(entries: &[BackupEntry]) -> BTreeMap<String, Vec<ChangeHash>> {
    entries
        .iter()
        .map(|e| {
            let mut doc = AutoCommit::load(&e.bytes).expect("generated document loads");
            (e.doc_id.clone(), doc.get_heads())
        })
        .collect()
}

/// One objective metric the generator can give: outcome, unit, target, "exceeds" threshold.
const OBJECTIVE_METRICS: [(&str, &str, f64, f64); 6] = [
    (
        "Customer tickets resolved within the SLA",
        "% of tickets",
        90.0,
        97.0,
    ),
    (
        "Pull requests reviewed within one working day",
        "% of reviews",
        80.0,
        95.0,
    ),
    (
        "Production incidents caused by my changes",
        "incidents",
        2.0,
        0.0,
    ),
    (
        "Sprint commitments delivered",
        "% of committed points",
        85.0,
        95.0,
    ),
    ("Test coverage of new code", "% of lines", 75.0, 90.0),
    ("Design reviews run with stakeholders", "reviews", 3.0, 6.0),
];
const SUBJECTIVE_METRICS: [&str; 3] = [
    "Clear written communication",
    "Ownership of the team's services",
    "Collaboration across teams",
];
const ANCHORS: [&str; 5] = [
    "Rarely shows it; others have to step in",
    "Shows it sometimes, with reminders",
    "Shows it reliably in day-to-day work",
    "Shows it in hard situations too; others notice",
    "Sets the example; others learn it from them",
];
const FEEDBACK: [&str; 10] = [
    "Thanks for jumping on the escalation on Friday — the customer noticed.",
    "The design doc was thorough; next time share a draft earlier.",
    "Great job pairing with the new hire this week.",
    "Reviews piled up while you were on the migration; let us plan for that.",
    "Your demo to the stakeholders was clear and well paced.",
    "I would like more context in the stand-up when something is blocked.",
    "It would help me if priorities changed less often mid-sprint.",
    "Thanks for the quick feedback on my planning notes.",
    "The incident write-up was calm and precise — well done.",
    "Let us agree earlier on what done means for the larger tickets.",
];
const CASES: [(&str, &str); 4] = [
    (
        "Two escalated tickets waited four days for a first answer during the release week.",
        "Agreed to hand tickets over to the second on-call when a release takes the whole day.",
    ),
    (
        "Three pull requests from the platform team waited more than two days for review.",
        "Suggested blocking a review slot each morning; showed how to filter the queue by age.",
    ),
    (
        "A config change went out without the canary step and caused a 20-minute outage.",
        "Walked through the release checklist together; the canary step is now automated.",
    ),
    (
        "Half of the sprint's committed points slipped: the estimates missed the data migration.",
        "Practised splitting the migration into reviewable steps with explicit estimates.",
    ),
];

/// What the generator remembers of a metric it added.
struct PlanMetric {
    id: String,
    objective: bool,
    adherence: bool,
    target: f64,
    exceeds: f64,
}

impl PlanMetric {
    fn below(&self, v: f64) -> bool {
        if self.exceeds >= self.target {
            v < self.target
        } else {
            v > self.target
        }
    }
}

/// One thing that happens in a performance plan, on its day (applied in date order).
enum PerfEvent {
    Feedback {
        leader: bool,
        praise: bool,
        metric: Option<usize>,
        text: &'static str,
    },
    Case {
        metric: usize,
        case: usize,
        barrier: Barrier,
    },
    Result {
        metric: usize,
        period: Period,
        value: f64,
        note: &'static str,
    },
    SelfRatings {
        period: Period,
        ratings: Vec<(usize, u8)>,
    },
    Share {
        period: Period,
    },
    Comment {
        period: Period,
        leader: bool,
        text: String,
    },
}

/// Counts of what a generated performance plan holds.
#[derive(Debug, Clone, Copy, Default)]
struct PerfCounts {
    results: usize,
    reviews: usize,
    feedback: usize,
    cases: usize,
}

/// A performance plan created by the leader (Goal 4): a quarterly or yearly cycle from the
/// plan's first quarter, three metrics (two objective with units and targets, plus the 1:1
/// adherence metric or a subjective one with why and five anchors) acknowledged by the
/// employee; period-to-date results updated every four weeks and final at each period's end
/// (the adherence metric's come from the 1:1 series); a self-rating per metric before each
/// review; feedback and praise from either side about monthly; a documented case (coaching and
/// a barrier) now and then when a metric falls short; and a shared review per past period,
/// prepared from the record (`review::draft_text`), with a comment from each side.
#[allow(clippy::too_many_arguments)]
fn performance_plan(
    doc_id: &str,
    leader: &Participant,
    employee: &Participant,
    leader_actor: &ActorId,
    employee_actor: &ActorId,
    series: &OneOnOne,
    start: NaiveDate,
    today: NaiveDate,
    dice: &mut Dice,
) -> (AutoCommit, PerfCounts) {
    let yesterday = today - Duration::days(1);
    let created = (start + Duration::days(2)).min(yesterday);
    let cycle_start = quarter_start(created);
    let cycle = if dice.chance(0.6) {
        ReviewCycle::Quarterly
    } else {
        ReviewCycle::Yearly
    };
    let mut doc = perf::create(
        doc_id,
        employee,
        leader,
        &leader.id,
        cycle_start,
        created,
        ms(created, 13, 0),
    )
    .expect("create performance plan");
    doc.set_actor(leader_actor.clone());
    perf::set_setup(
        &mut doc,
        &leader.id,
        true,
        cycle,
        cycle_start,
        ms(created, 13, 5),
    )
    .expect("set-up");
    // The metrics: two objective ones, then adherence or a subjective one.
    let mut metrics: Vec<PlanMetric> = Vec::new();
    let first = dice.below(OBJECTIVE_METRICS.len());
    let second = (first + 1 + dice.below(OBJECTIVE_METRICS.len() - 1)) % OBJECTIVE_METRICS.len();
    let mut drafts = Vec::new();
    for k in [first, second] {
        let (outcome, unit, target, exceeds) = OBJECTIVE_METRICS[k];
        drafts.push(MetricDraft {
            outcome: outcome.into(),
            objective: true,
            unit: unit.into(),
            target: num(target),
            exceeds_at: num(exceeds),
            period: "each review period".into(),
            supports: dice.pick(&TOPICS).into(),
            ..MetricDraft::default()
        });
    }
    drafts.push(if dice.chance(0.5) {
        MetricDraft::adherence()
    } else {
        MetricDraft {
            outcome: dice.pick(&SUBJECTIVE_METRICS).into(),
            objective: false,
            why_imperative: dice.prose(2),
            anchors: ANCHORS.iter().map(|a| a.to_string()).collect(),
            period: "each review period".into(),
            ..MetricDraft::default()
        }
    });
    for (n, d) in drafts.iter().enumerate() {
        let added = perf::add_metric(
            &mut doc,
            &leader.id,
            d,
            "",
            created,
            ms(created, 13, 10 + n as u32),
        )
        .expect("metric");
        let v = d.validate().expect("valid metric");
        metrics.push(PlanMetric {
            id: added.id,
            objective: v.objective,
            adherence: v.adherence,
            target: v.target,
            exceeds: v.exceeds_at,
        });
    }
    let acknowledged = (created + Duration::days(3)).min(yesterday);
    doc.set_actor(employee_actor.clone());
    perf::acknowledge(
        &mut doc,
        &employee.id,
        acknowledged,
        ms(acknowledged, 9, 30),
    )
    .expect("acknowledge");

    // What happens, period by period, in date order.
    let day_in = |dice: &mut Dice, from: NaiveDate, to: NaiveDate| -> NaiveDate {
        let span = (to - from).num_days().max(0) as usize;
        from + Duration::days(dice.below(span + 1) as i64)
    };
    let mut events: Vec<(NaiveDate, PerfEvent)> = Vec::new();
    let mut period = cycle.period_at(cycle_start, created);
    let mut first_update = acknowledged + Duration::days(7);
    loop {
        let last = period.end.min(yesterday);
        let from = period.start.max(acknowledged + Duration::days(1));
        // This period's outcome per metric (objective: around the target; subjective: 2–5).
        let finals: Vec<f64> = metrics
            .iter()
            .map(|m| {
                if m.objective {
                    let u = dice.below(211) as f64 / 100.0 - 0.8; // -0.8 ..= 1.3
                    (m.target + (m.exceeds - m.target) * u).round().max(0.0)
                } else {
                    (2 + dice.below(4)) as f64
                }
            })
            .collect();
        if from <= last {
            // Feedback or praise, about monthly, from either side.
            let mut chunk = from;
            while chunk <= last {
                let end = (chunk + Duration::days(29)).min(last);
                if dice.chance(0.8) {
                    let metric = dice.chance(0.6).then(|| dice.below(metrics.len()));
                    events.push((
                        day_in(dice, chunk, end),
                        PerfEvent::Feedback {
                            leader: dice.chance(0.6),
                            praise: dice.chance(0.5),
                            metric,
                            text: dice.pick(&FEEDBACK),
                        },
                    ));
                }
                chunk += Duration::days(30);
            }
            // A documented case now and then when an objective metric falls short.
            for (i, m) in metrics.iter().enumerate() {
                if m.objective && !m.adherence && m.below(finals[i]) && dice.chance(0.5) {
                    events.push((
                        day_in(dice, from, last),
                        PerfEvent::Case {
                            metric: i,
                            case: dice.below(CASES.len()),
                            barrier: Barrier::ALL[dice.below(Barrier::ALL.len())],
                        },
                    ));
                }
            }
            // Period-to-date results every four weeks, as the figures come in.
            let mut d = first_update.max(period.start);
            while d < last && d < period.prepare_on() {
                for (i, m) in metrics.iter().enumerate() {
                    if m.objective && !m.adherence {
                        let jitter = dice.below(5) as f64 - 2.0;
                        events.push((
                            d,
                            PerfEvent::Result {
                                metric: i,
                                period,
                                value: (finals[i] + jitter).max(0.0),
                                note: "Period to date",
                            },
                        ));
                    }
                }
                d += Duration::days(28);
            }
            first_update = d;
        }
        // A past period: self-assessment, final results, the review shared and commented.
        let reviewed = period.end + Duration::days(2) < today && period.end > acknowledged;
        if reviewed {
            let prep = period.prepare_on().max(acknowledged);
            events.push((
                prep,
                PerfEvent::SelfRatings {
                    period,
                    ratings: (0..metrics.len())
                        .map(|i| (i, (2 + dice.below(4)) as u8))
                        .collect(),
                },
            ));
            for (i, m) in metrics.iter().enumerate() {
                if !m.adherence {
                    events.push((
                        (prep + Duration::days(1)).min(period.end),
                        PerfEvent::Result {
                            metric: i,
                            period,
                            value: finals[i],
                            note: "Final figure for the period",
                        },
                    ));
                }
            }
            events.push((period.end, PerfEvent::Share { period }));
            events.push((
                period.end + Duration::days(1),
                PerfEvent::Comment {
                    period,
                    leader: false,
                    text: dice.prose(2),
                },
            ));
            events.push((
                period.end + Duration::days(2),
                PerfEvent::Comment {
                    period,
                    leader: true,
                    text: dice.prose(1),
                },
            ));
        }
        if period.end >= yesterday {
            break;
        }
        period = cycle.period_at(cycle_start, period.end + Duration::days(1));
    }
    // Stable: same-day events keep the order they were planned in.
    events.sort_by_key(|(d, _)| *d);

    let mut counts = PerfCounts::default();
    let mut last_day = created;
    let mut minute = 0i64;
    for (day, event) in events {
        if day != last_day {
            last_day = day;
            minute = 0;
        }
        minute += 1;
        let at = ms(day, 16, 0) + minute * 60_000;
        match event {
            PerfEvent::Feedback {
                leader: by_leader,
                praise,
                metric,
                text,
            } => {
                let (by, actor) = if by_leader {
                    (leader, leader_actor)
                } else {
                    (employee, employee_actor)
                };
                doc.set_actor(actor.clone());
                let metric_id = metric.map(|i| metrics[i].id.as_str());
                perf::add_feedback(&mut doc, &by.id, metric_id, day, praise, text, day, at)
                    .expect("feedback");
                counts.feedback += 1;
            }
            PerfEvent::Case {
                metric,
                case,
                barrier,
            } => {
                doc.set_actor(leader_actor.clone());
                let (what, coaching) = CASES[case];
                let draft = CaseDraft {
                    metric_id: metrics[metric].id.clone(),
                    date: day,
                    what: what.into(),
                    coaching: coaching.into(),
                    no_coaching_possible: false,
                    barrier: Some(barrier),
                };
                perf::record_case(&mut doc, &leader.id, &draft, day, at).expect("case");
                counts.cases += 1;
            }
            PerfEvent::Result {
                metric,
                period,
                value,
                note,
            } => {
                doc.set_actor(leader_actor.clone());
                perf::record_result(
                    &mut doc,
                    &leader.id,
                    &metrics[metric].id,
                    &period,
                    value,
                    note,
                    day,
                    at,
                )
                .expect("result");
                counts.results += 1;
            }
            PerfEvent::SelfRatings { period, ratings } => {
                doc.set_actor(employee_actor.clone());
                for (i, rating) in ratings {
                    let comment = if dice.chance(0.5) {
                        dice.pick(&PHRASES)
                    } else {
                        ""
                    };
                    perf::set_self_rating(
                        &mut doc,
                        &employee.id,
                        &metrics[i].id,
                        &period,
                        rating,
                        comment,
                        day,
                        at + i as i64 * 60_000,
                    )
                    .expect("self-rating");
                    minute += 1;
                }
            }
            PerfEvent::Share { period } => {
                doc.set_actor(leader_actor.clone());
                let plan = perf::load(&doc).expect("plan loads");
                let pack = review::prepare(&plan, period, Some(series), None, day);
                let summary = review::draft_text(&pack, &employee.name).replace(
                    "Strengths:\n\nTo work on:\n",
                    &format!(
                        "Strengths: {}\n\nTo work on: {}\n",
                        dice.prose(2),
                        dice.prose(1)
                    ),
                );
                perf::share_review(&mut doc, &leader.id, &period, &summary, day, at)
                    .expect("share review");
                counts.reviews += 1;
            }
            PerfEvent::Comment {
                period,
                leader: by_leader,
                text,
            } => {
                let (by, actor) = if by_leader {
                    (leader, leader_actor)
                } else {
                    (employee, employee_actor)
                };
                doc.set_actor(actor.clone());
                perf::add_review_comment(&mut doc, &by.id, &period.key(), &text, at)
                    .expect("review comment");
            }
        }
    }
    doc.set_actor(leader_actor.clone());
    (doc, counts)
}

/// The team's organisational priorities, as the leader was given them.
const TEAM_PRIORITIES: [&str; 4] = [
    "Customers get answers within a working day",
    "Ship smaller changes, more often, without more incidents",
    "New colleagues are productive in their first month",
    "Cloud spend grows slower than usage",
];
/// The team's objectives: title, the priority it serves (index), what is measured, unit,
/// baseline, target.
const TEAM_OBJECTIVES: [(&str, usize, &str, &str, f64, f64); 6] = [
    (
        "Answer support tickets within the SLA",
        0,
        "share of tickets answered within 8 working hours",
        "% of tickets",
        78.0,
        95.0,
    ),
    (
        "Halve the time from merge to production",
        1,
        "median hours from merge to deployed",
        "hours",
        30.0,
        12.0,
    ),
    (
        "Keep production incidents rare",
        1,
        "incidents of severity 2 or worse per month",
        "incidents",
        4.0,
        1.0,
    ),
    (
        "Onboard new hires in four weeks",
        2,
        "working days from first day to first merged change",
        "days",
        12.0,
        5.0,
    ),
    (
        "Make the review queue flow",
        1,
        "share of reviews done within one working day",
        "% of reviews",
        60.0,
        90.0,
    ),
    (
        "Lower the cost per active customer",
        3,
        "monthly cloud cost per active customer",
        "EUR",
        1.9,
        1.4,
    ),
];
/// KPIs per objective (index into `TEAM_OBJECTIVES`): name, unit, baseline, target.
const TEAM_KPIS: [(usize, &str, &str, f64, f64); 15] = [
    (0, "Tickets answered within SLA", "% of tickets", 78.0, 95.0),
    (0, "Median first answer", "hours", 9.0, 4.0),
    (0, "Tickets reopened", "% of tickets", 12.0, 5.0),
    (1, "Median merge to deploy", "hours", 30.0, 12.0),
    (1, "Deploys per week", "deploys", 6.0, 15.0),
    (2, "Severity-2 incidents", "incidents", 4.0, 1.0),
    (2, "Changes rolled back", "% of deploys", 6.0, 2.0),
    (2, "Alerts without an owner", "alerts", 14.0, 2.0),
    (3, "Days to first merged change", "days", 12.0, 5.0),
    (3, "Onboarding checklist done", "% of items", 55.0, 95.0),
    (4, "Reviews within one day", "% of reviews", 60.0, 90.0),
    (4, "Open reviews older than 3 days", "reviews", 18.0, 4.0),
    (5, "Cloud cost per active customer", "EUR", 1.9, 1.4),
    (5, "Idle instances", "instances", 40.0, 10.0),
    (5, "Reserved capacity used", "% of capacity", 62.0, 90.0),
];
const TEAM_QUESTIONS: [&str; 10] = [
    "Why did the first-answer time jump last week — was it the release or staffing?",
    "Should rolled-back deploys count when the rollback was planned?",
    "Can we split the onboarding checklist into must-have and nice-to-have items?",
    "Who owns the alerts that came with the new queue service?",
    "Is the review target realistic during the holiday weeks?",
    "Do we count reopened tickets from the self-service portal too?",
    "Could we see the cloud cost per customer by product line?",
    "What made deploys drop this month — fewer changes or a blocked pipeline?",
    "Should the incident KPI exclude incidents caused by our providers?",
    "Can we move the meeting when half the team is at the offsite?",
];
const TEAM_ANSWERS: [&str; 8] = [
    "Mostly the release: two people were on the migration. It is back to normal this week.",
    "No: a planned rollback is a release step. The KPI counts only unplanned ones.",
    "Yes, good idea. I will propose a split at the next meeting.",
    "The platform team owns them until the handover; I asked for a date.",
    "Let us keep the target and look at the trend over the quarter, not single weeks.",
    "Only tickets a person answered; the portal has its own numbers.",
    "Finance can export it monthly; I will add it to the notes when it arrives.",
    "A blocked pipeline for three days; it is fixed and deploys are picking up.",
];
const MISSED_REASONS: [&str; 5] = [
    "Public holiday",
    "Half the team at the offsite",
    "Incident in progress; everyone on the bridge",
    "Leader on sick leave, nobody to cover",
    "Clashed with the all-hands",
];

/// What a generated team-objectives document holds.
#[derive(Debug, Clone, Copy, Default)]
struct TeamCounts {
    values: usize,
    meetings: usize,
    questions: usize,
}

/// The leader's team objectives (Goal 2): one document with everyone on the roster as a
/// member, four priorities, six objectives with two or three KPIs each (owners spread over
/// the members), a weekly metrics meeting from the first week, each KPI's value recorded by
/// its owner (with their own Automerge actor) before every meeting, every meeting recorded by
/// the leader (held with a rotating facilitator, now and then missed with a reason), and a few
/// questions a month raised for a meeting, answered a few days later by the leader or the
/// KPI's owner.
#[allow(clippy::too_many_arguments)]
fn team_objectives(
    doc_id: &str,
    team_name: &str,
    leader: &Participant,
    leader_actor: &ActorId,
    team: &[Member],
    start: NaiveDate,
    today: NaiveDate,
    dice: &mut Dice,
) -> (AutoCommit, TeamCounts) {
    use rapport_core::docs::team_objectives as tdoc;
    use rapport_core::domain::team::{Cadence, KpiDraft, MeetingOutcome, ObjectiveDraft};
    let yesterday = today - Duration::days(1);
    let created = (start + Duration::days(1)).min(yesterday);
    let members: Vec<Participant> = team
        .iter()
        .map(|m| Participant::new(m.person.id.clone(), m.person.name.clone()))
        .collect();
    let mut doc = tdoc::create(
        doc_id,
        team_name,
        leader,
        &members,
        created,
        ms(created, 8, 0),
    )
    .expect("create team objectives");
    doc.set_actor(leader_actor.clone());
    let mut at = ms(created, 8, 5);
    let mut tick = || {
        at += 60_000;
        at
    };
    let priorities: Vec<String> = TEAM_PRIORITIES
        .iter()
        .map(|p| {
            tdoc::add_priority(&mut doc, &leader.id, p, created, tick())
                .expect("priority")
                .id
        })
        .collect();
    let deadline = today + Duration::days(120);
    let objectives: Vec<String> = TEAM_OBJECTIVES
        .iter()
        .map(|&(title, priority, measure, unit, baseline, target)| {
            let draft = ObjectiveDraft {
                title: title.into(),
                priority_id: priorities[priority].clone(),
                measure: measure.into(),
                unit: unit.into(),
                baseline: Some(baseline),
                target: Some(target),
                deadline: Some(deadline),
                specific_confirmed: true,
                achievable_confirmed: true,
            };
            tdoc::add_objective(&mut doc, &leader.id, &draft, created, tick())
                .expect("objective")
                .id
        })
        .collect();
    // KPIs, owners round-robin over the members from a seeded offset.
    let offset = dice.below(team.len());
    let kpis: Vec<(String, usize, f64, f64)> = TEAM_KPIS
        .iter()
        .enumerate()
        .map(|(n, &(objective, name, unit, baseline, target))| {
            let owner = (offset + n) % team.len();
            let draft = KpiDraft {
                objective_id: objectives[objective].clone(),
                name: name.into(),
                unit: unit.into(),
                baseline,
                target,
                owner_id: team[owner].person.id.clone(),
                in_control: Some(true),
            };
            let id = tdoc::add_kpi(&mut doc, &leader.id, &draft, created, tick())
                .expect("KPI")
                .id;
            (id, owner, baseline, target)
        })
        .collect();
    // The weekly metrics meeting: Mondays at 10:00, from the first Monday after the start.
    let mut first = created + Duration::days(1);
    while first.weekday() != chrono::Weekday::Mon {
        first += Duration::days(1);
    }
    tdoc::set_cadence(
        &mut doc,
        &leader.id,
        Cadence::weekly(
            chrono::Weekday::Mon,
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            first,
        ),
        tick(),
    )
    .expect("cadence");

    // Week by week: values before the meeting, the meeting, questions and answers.
    let span = (yesterday - first).num_days().max(1) as f64;
    let rotation: Vec<String> = {
        let mut names: Vec<&Participant> = members.iter().collect();
        names.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        std::iter::once(leader.id.clone())
            .chain(names.into_iter().map(|p| p.id.clone()))
            .collect()
    };
    let mut next_facilitator = 0usize;
    let mut counts = TeamCounts::default();
    // Questions waiting for their answer: (id, answer day, answered by the owner of KPI).
    let mut open: Vec<(String, NaiveDate, Option<usize>)> = Vec::new();
    let mut day = first;
    while day <= yesterday {
        // Each KPI's owner records this week's value on the morning of the meeting.
        let progress = ((day - first).num_days() as f64 / span).min(1.0);
        for (n, (id, owner, baseline, target)) in kpis.iter().enumerate() {
            let m = &team[*owner];
            doc.set_actor(m.actor.clone());
            let trend = baseline + (target - baseline) * (0.2 + 0.7 * progress);
            let jitter = (dice.below(21) as f64 - 10.0) / 100.0 * (target - baseline).abs();
            let value = ((trend + jitter) * 10.0).round() / 10.0;
            let note = if dice.chance(0.05) {
                dice.pick(&PHRASES)
            } else {
                ""
            };
            tdoc::record_value(
                &mut doc,
                &m.person.id,
                id,
                day,
                value,
                note,
                ms(day, 8, 0) + n as i64 * 60_000,
            )
            .expect("KPI value");
            counts.values += 1;
        }
        // Answers due by now, from the leader or the KPI's owner.
        open.retain(|(qid, on, owner)| {
            if *on > day {
                return true;
            }
            let (by, actor) = match owner {
                Some(o) => (&team[*o].person.id, &team[*o].actor),
                None => (&leader.id, leader_actor),
            };
            doc.set_actor(actor.clone());
            tdoc::answer_question(
                &mut doc,
                by,
                qid,
                dice.pick(&TEAM_ANSWERS),
                day,
                ms(day, 9, 30),
            )
            .expect("answer");
            false
        });
        // The meeting, recorded by the leader.
        doc.set_actor(leader_actor.clone());
        let outcome = if dice.chance(0.06) {
            MeetingOutcome::Missed {
                reason: dice.pick(&MISSED_REASONS).to_string(),
            }
        } else {
            MeetingOutcome::Held {
                minutes: 30 + dice.below(16) as u32,
            }
        };
        let facilitator = if outcome.is_held() {
            next_facilitator += 1;
            rotation[(next_facilitator - 1) % rotation.len()].as_str()
        } else {
            ""
        };
        tdoc::record_meeting(
            &mut doc,
            &leader.id,
            day,
            outcome,
            facilitator,
            day,
            ms(day, 10, 45),
        )
        .expect("meeting");
        counts.meetings += 1;
        // About three questions a month: one in most weeks, raised for this meeting.
        if dice.chance(0.7) {
            let asker = dice.below(team.len() + 1);
            let (by, actor) = if asker == team.len() {
                (&leader.id, leader_actor)
            } else {
                (&team[asker].person.id, &team[asker].actor)
            };
            doc.set_actor(actor.clone());
            let q = tdoc::ask_question(
                &mut doc,
                by,
                dice.pick(&TEAM_QUESTIONS),
                Some(day),
                day,
                ms(day, 10, 20),
            )
            .expect("question");
            counts.questions += 1;
            let owner = dice.chance(0.4).then(|| kpis[dice.below(kpis.len())].1);
            open.push((q.id, day + Duration::days(2 + dice.below(5) as i64), owner));
        }
        day += Duration::days(7);
    }
    doc.set_actor(leader_actor.clone());
    (doc, counts)
}

/// Indexes the team document in the leader's workspace as the app does when the leader starts
/// it (`SharedDoc` on the leader's side, one channel per member with the key of their linked
/// card), with every member holding it all and their actors on record; keeps its bytes for the
/// backup and returns its size.
fn keep_team(
    (ws, entries): (&mut AutoCommit, &mut Vec<BackupEntry>),
    (doc_id, title): (&str, &str),
    (leader_id, leader_key): (&str, &str),
    team: &[Member],
    doc: &mut AutoCommit,
    (received_ms, indexed_ms): (i64, i64),
) -> usize {
    use rapport_core::docs::team_share;
    let mut entry = SharedDoc {
        my_key: leader_key.to_string(),
        my_id: leader_id.to_string(),
        last_sent_ms: received_ms,
        last_received_ms: received_ms,
        ..SharedDoc::new(
            DocKind::TeamObjectives,
            title.to_string(),
            Side::Leader,
            &Participant::new("", title),
        )
    };
    let hydrated = workspace::load(ws).expect("workspace loads");
    let listed = team_share::members_of(doc).expect("team members");
    team_share::sync_channels(&hydrated, &mut entry, &listed);
    let heads = exchange::heads_to_hex(&doc.get_heads());
    for c in entry.members.iter_mut() {
        let m = team
            .iter()
            .find(|m| m.person.id == c.person_id)
            .expect("a channel per member");
        c.their_heads = heads.clone();
        c.last_sent_ms = received_ms;
        c.last_received_ms = received_ms;
        c.actors = vec![m.actor.to_hex_string()];
    }
    workspace::put_shared(
        ws,
        doc_id,
        &entry,
        &format!("Started the team objectives of {title}"),
        indexed_ms,
    )
    .expect("index team objectives");
    let bytes = doc.save();
    let size = bytes.len();
    entries.push(BackupEntry {
        doc_id: doc_id.to_string(),
        kind: DocKind::TeamObjectives,
        bytes,
    });
    size
}
