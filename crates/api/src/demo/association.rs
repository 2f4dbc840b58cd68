//! The living association of a demo: about twenty-five members with offers and wants, and
//! exchanges in every state, through the same services the API calls, so every rule holds
//! (balances, limits, the exchange's steps). Seeded once, on a demo database only; the
//! features to come (membership, missions) add their part here.

use crate::db::{DbConn, member, write_transaction};
use crate::exchange::{self, Who};
use crate::listing;
use crate::membership::add_member;
use anyhow::{Context, bail};
use seed_domain::Ts;
use seed_domain::exchange::{Action, NewEvaluation, NewExchange};
use seed_domain::listing::{ListingKind, NewListing};
use seed_domain::membership::{MemberStatus, Role};
use std::collections::HashMap;

/// The members besides the demo people (`(e-mail's local part, name, status)`), all at
/// `amt.example`. The first one also marks that the association was seeded.
const MEMBERS: [(&str, &str, MemberStatus); 20] = [
    ("nadia.haddad", "Nadia Haddad", MemberStatus::Active),
    ("thomas.leroy", "Thomas Leroy", MemberStatus::Active),
    ("ines.fontaine", "Inès Fontaine", MemberStatus::Active),
    ("julien.marchand", "Julien Marchand", MemberStatus::Active),
    ("chloe.bernard", "Chloé Bernard", MemberStatus::Active),
    ("karim.saidi", "Karim Saïdi", MemberStatus::Active),
    ("elodie.girard", "Élodie Girard", MemberStatus::Active),
    ("romain.petit", "Romain Petit", MemberStatus::Active),
    ("sarah.cohen", "Sarah Cohen", MemberStatus::Active),
    ("lucas.roux", "Lucas Roux", MemberStatus::Active),
    ("manon.lefevre", "Manon Lefèvre", MemberStatus::Active),
    ("hugo.mercier", "Hugo Mercier", MemberStatus::Active),
    ("amina.diallo", "Amina Diallo", MemberStatus::Active),
    ("nicolas.faure", "Nicolas Faure", MemberStatus::Active),
    ("pauline.garnier", "Pauline Garnier", MemberStatus::Active),
    ("mehdi.bouzid", "Mehdi Bouzid", MemberStatus::Active),
    ("claire.dubois", "Claire Dubois", MemberStatus::Active),
    ("antoine.lambert", "Antoine Lambert", MemberStatus::Active),
    ("laura.vincent", "Laura Vincent", MemberStatus::Active),
    // Admitted, not yet active: no account movement, no listing.
    ("yanis.morel", "Yanis Morel", MemberStatus::Pending),
];

const DOMAIN: &str = "amt.example";

struct Ad {
    owner: &'static str,
    kind: ListingKind,
    title: &'static str,
    description: &'static str,
    skills: &'static [&'static str],
    minutes: u32,
}

const fn offer(
    owner: &'static str,
    title: &'static str,
    description: &'static str,
    skills: &'static [&'static str],
    minutes: u32,
) -> Ad {
    Ad { owner, kind: ListingKind::Offer, title, description, skills, minutes }
}

const fn want(
    owner: &'static str,
    title: &'static str,
    description: &'static str,
    skills: &'static [&'static str],
    minutes: u32,
) -> Ad {
    Ad { owner, kind: ListingKind::Want, title, description, skills, minutes }
}

/// Offers and wants; the stories below name them by title.
const ADS: [Ad; 30] = [
    offer(
        "camille.martin",
        "Relecture de CV et lettre de motivation",
        "Je relis votre CV et votre lettre, je propose des reformulations et une mise en page plus lisible.",
        &["rédaction", "relecture"],
        60,
    ),
    offer(
        "thomas.leroy",
        "Dépannage WordPress",
        "Une extension qui plante, une mise à jour qui casse le thème, un site lent : je regarde avec vous en visio.",
        &["wordpress", "web"],
        60,
    ),
    offer(
        "ines.fontaine",
        "Création de logo",
        "Trois pistes de logo à partir de votre brief, puis une version finale en SVG et PNG.",
        &["graphisme", "identité visuelle"],
        180,
    ),
    offer(
        "julien.marchand",
        "Premier bilan comptable d'auto-entrepreneur",
        "On passe en revue votre livre de recettes, vos déclarations URSSAF et ce qu'il faut garder.",
        &["comptabilité", "urssaf"],
        90,
    ),
    offer(
        "chloe.bernard",
        "Traduction anglais vers français",
        "Pages de site, présentations, courriels professionnels : jusqu'à deux pages par heure.",
        &["traduction", "anglais"],
        120,
    ),
    offer(
        "karim.saidi",
        "Portrait professionnel en visio",
        "Je vous guide pour un portrait réussi avec votre téléphone : lumière, cadrage, retouche.",
        &["photo", "retouche"],
        60,
    ),
    offer(
        "elodie.girard",
        "Tri de boîte mail et classement",
        "Mise en place de dossiers, filtres et règles pour retrouver une boîte de réception calme.",
        &["organisation", "messagerie"],
        60,
    ),
    offer(
        "romain.petit",
        "Formation Excel : tableaux croisés",
        "Une séance sur vos propres fichiers : tableaux croisés dynamiques, RECHERCHEX, graphiques.",
        &["excel", "formation"],
        120,
    ),
    offer(
        "sarah.cohen",
        "Calendrier éditorial LinkedIn",
        "Un mois de publications planifiées, avec les accroches et les visuels à prévoir.",
        &["réseaux sociaux", "linkedin"],
        120,
    ),
    offer(
        "lucas.roux",
        "Petit script Python d'automatisation",
        "Renommer des fichiers, fusionner des tableurs, extraire des données : un script simple et commenté.",
        &["python", "automatisation"],
        60,
    ),
    offer(
        "manon.lefevre",
        "Relecture de conditions générales de vente",
        "Je relis vos CGV et signale les clauses manquantes ou floues (sans valeur de conseil juridique).",
        &["juridique", "relecture"],
        90,
    ),
    offer(
        "hugo.mercier",
        "Montage vidéo court",
        "Montage d'une vidéo de deux minutes à partir de vos rushes, sous-titres compris.",
        &["vidéo", "montage"],
        180,
    ),
    offer(
        "amina.diallo",
        "Séance d'organisation du télétravail",
        "Rythme, pauses, outils : une séance pour construire une semaine de travail tenable.",
        &["organisation", "coaching"],
        60,
    ),
    offer(
        "nicolas.faure",
        "Audit SEO express",
        "Les dix points qui comptent sur votre site, avec une liste d'actions par ordre de priorité.",
        &["seo", "web"],
        120,
    ),
    offer(
        "pauline.garnier",
        "Correction orthographique",
        "Correction d'un document jusqu'à dix pages : orthographe, grammaire, typographie.",
        &["relecture", "orthographe"],
        90,
    ),
    offer(
        "mehdi.bouzid",
        "Configuration d'un serveur mail",
        "SPF, DKIM, DMARC : vos courriels arrivent enfin dans la boîte de réception de vos clients.",
        &["système", "messagerie"],
        60,
    ),
    offer(
        "claire.dubois",
        "Illustration pour article de blog",
        "Une illustration originale au format de votre blog, en deux allers-retours.",
        &["illustration", "graphisme"],
        180,
    ),
    offer(
        "antoine.lambert",
        "Prise de son pour podcast",
        "Réglage du micro, du logiciel et de la pièce pour un son propre dès le premier épisode.",
        &["son", "podcast"],
        60,
    ),
    offer(
        "laura.vincent",
        "Simulation d'entretien client",
        "Un entraînement à la présentation de votre offre, avec un retour précis à la fin.",
        &["rh", "entretien"],
        60,
    ),
    offer(
        "nadia.haddad",
        "Rédaction d'une page « À propos »",
        "Un entretien de vingt minutes, puis une page qui vous ressemble, en deux versions.",
        &["rédaction", "web"],
        120,
    ),
    want(
        "camille.martin",
        "Aide pour ma déclaration de TVA",
        "Première déclaration de TVA trimestrielle : j'aimerais être accompagnée pas à pas.",
        &["comptabilité", "tva"],
        60,
    ),
    want(
        "nadia.haddad",
        "Photo pour mon profil professionnel",
        "Je cherche quelqu'un pour m'aider à faire une photo de profil correcte chez moi.",
        &["photo"],
        60,
    ),
    want(
        "ines.fontaine",
        "Relecture de mon portfolio en anglais",
        "Mon portfolio existe en anglais, je voudrais une relecture par quelqu'un d'à l'aise.",
        &["anglais", "relecture"],
        60,
    ),
    want(
        "julien.marchand",
        "Refonte de la page d'accueil de mon site",
        "Mon site date de 2019 : j'aimerais une page d'accueil plus claire.",
        &["web", "wordpress"],
        180,
    ),
    want(
        "sarah.cohen",
        "Conseils pour un premier podcast",
        "Je lance un podcast pour mes clients et je ne sais pas par où commencer.",
        &["podcast", "son"],
        60,
    ),
    want(
        "romain.petit",
        "Vidéo de présentation de mes formations",
        "Une vidéo d'une minute pour présenter mes formations sur mon site.",
        &["vidéo"],
        120,
    ),
    want(
        "elodie.girard",
        "Modèle de facture automatisé",
        "Un modèle de facture qui se numérote tout seul et calcule les totaux.",
        &["excel", "automatisation"],
        60,
    ),
    want(
        "karim.saidi",
        "Mots-clés pour mon site de photographe",
        "Quels mots-clés viser pour être trouvé par des entreprises de ma région ?",
        &["seo"],
        60,
    ),
    want(
        "claire.dubois",
        "Relecture de mon contrat de cession de droits",
        "Un regard extérieur sur le contrat que je fais signer à mes clients.",
        &["juridique"],
        60,
    ),
    want(
        "antoine.lambert",
        "Illustration de couverture de podcast",
        "Une couverture carrée lisible en petit format, dans des tons chauds.",
        &["illustration"],
        120,
    ),
];

/// One step of a story, taken by whoever's turn it is.
#[derive(Clone, Copy)]
enum Step {
    /// The listing's owner accepts, for this many minutes.
    Accept(u32),
    Decline,
    /// The requester cancels.
    Cancel,
    Deliver,
    Confirm,
    Evaluate(u8, &'static str),
    Dispute(&'static str),
    /// Léa (staff) settles the dispute at this many hundredths.
    SettleAdjust(i64, &'static str),
}

use Step::*;

/// An exchange's story: who answers which listing, with which duration, and what follows.
struct Story {
    listing: &'static str,
    requester: &'static str,
    minutes: Option<u32>,
    message: &'static str,
    steps: &'static [Step],
}

const fn story(
    listing: &'static str,
    requester: &'static str,
    message: &'static str,
    steps: &'static [Step],
) -> Story {
    Story { listing, requester, minutes: None, message, steps }
}

const DONE: &[Step] = &[Accept(60), Deliver, Confirm];

/// Every state an exchange can be in, a dispute open and one settled, and three patterns the
/// abuse signals point out (one-way giving, ping-pong, repeated cancellations).
const STORIES: [Story; 30] = [
    // Evaluated, and confirmed without an evaluation.
    story(
        "Dépannage WordPress",
        "nadia.haddad",
        "Mon site affiche une page blanche depuis la mise à jour.",
        &[Accept(60), Deliver, Confirm, Evaluate(5, "Rapide et pédagogue, merci !")],
    ),
    story(
        "Dépannage WordPress",
        "ines.fontaine",
        "Une extension de formulaire ne s'installe pas.",
        &[Accept(60), Deliver, Confirm, Evaluate(4, "Problème réglé en une séance.")],
    ),
    story(
        "Dépannage WordPress",
        "julien.marchand",
        "Mon thème ne s'affiche plus correctement sur mobile.",
        DONE,
    ),
    story("Dépannage WordPress", "chloe.bernard", "", DONE),
    // Thomas gives his fifth service and never receives: a one-way signal.
    story("Dépannage WordPress", "karim.saidi", "Mon site est très lent à charger.", DONE),
    story(
        "Traduction anglais vers français",
        "ines.fontaine",
        "Deux pages de présentation de mon studio.",
        &[Accept(120), Deliver, Confirm, Evaluate(5, "Traduction fidèle et élégante.")],
    ),
    story(
        "Premier bilan comptable d'auto-entrepreneur",
        "elodie.girard",
        "",
        &[Accept(90), Deliver, Confirm, Evaluate(5, "Enfin clair, merci Julien.")],
    ),
    story(
        "Séance d'organisation du télétravail",
        "sarah.cohen",
        "Je travaille tard et je ne sais plus m'arrêter.",
        &[Accept(60), Deliver, Confirm, Evaluate(4, "Des conseils simples que j'applique déjà.")],
    ),
    story("Rédaction d'une page « À propos »", "antoine.lambert", "", &[Accept(120), Deliver, Confirm]),
    story(
        "Tri de boîte mail et classement",
        "manon.lefevre",
        "",
        &[Accept(60), Deliver, Confirm, Evaluate(5, "Ma boîte est enfin vide !")],
    ),
    // Lucas and Mehdi serve each other again and again: a ping-pong signal.
    story("Petit script Python d'automatisation", "mehdi.bouzid", "Renommer les factures par date.", DONE),
    story("Configuration d'un serveur mail", "lucas.roux", "Mes courriels arrivent en indésirables.", DONE),
    story(
        "Petit script Python d'automatisation",
        "mehdi.bouzid",
        "Fusionner les exports de mes deux banques.",
        DONE,
    ),
    story("Configuration d'un serveur mail", "lucas.roux", "Ajouter un second domaine.", DONE),
    story("Petit script Python d'automatisation", "mehdi.bouzid", "", DONE),
    story("Configuration d'un serveur mail", "lucas.roux", "", DONE),
    // Hugo asks and cancels, three times: a signal for staff.
    story("Audit SEO express", "hugo.mercier", "", &[Cancel]),
    story("Prise de son pour podcast", "hugo.mercier", "", &[Accept(60), Cancel]),
    story("Simulation d'entretien client", "hugo.mercier", "", &[Cancel]),
    // Under way, one per state.
    story("Création de logo", "camille.martin", "Un logo sobre pour mon activité de rédactrice.", &[]),
    story(
        "Relecture de CV et lettre de motivation",
        "laura.vincent",
        "Je change de secteur et mon CV ne suit pas.",
        &[],
    ),
    Story {
        listing: "Formation Excel : tableaux croisés",
        requester: "elodie.girard",
        minutes: Some(60),
        message: "Une heure devrait suffire ?",
        steps: &[Accept(120)],
    },
    story("Audit SEO express", "sarah.cohen", "Mon blog ne remonte pas dans les résultats.", &[Accept(120)]),
    story(
        "Correction orthographique",
        "camille.martin",
        "Mon livre blanc de huit pages.",
        &[Accept(90), Deliver],
    ),
    story(
        "Photo pour mon profil professionnel",
        "karim.saidi",
        "Je peux vous guider en visio mardi.",
        &[Accept(60)],
    ),
    // Refused, and disputes.
    story("Illustration pour article de blog", "antoine.lambert", "", &[Decline]),
    story(
        "Montage vidéo court",
        "karim.saidi",
        "Deux minutes sur mon métier de photographe.",
        &[Accept(180), Deliver, Dispute("La vidéo livrée fait trente secondes et n'a pas de sous-titres.")],
    ),
    story(
        "Simulation d'entretien client",
        "amina.diallo",
        "",
        &[
            Accept(60),
            Deliver,
            Dispute("La séance a duré vingt minutes au lieu d'une heure."),
            SettleAdjust(100, "Séance écourtée : 20 minutes payées, accord des deux membres."),
        ],
    ),
    story(
        "Aide pour ma déclaration de TVA",
        "julien.marchand",
        "Je connais bien la TVA trimestrielle, je peux vous aider.",
        &[Accept(60), Deliver, Confirm, Evaluate(5, "Julien m'a tout expliqué, merci.")],
    ),
    story(
        "Modèle de facture automatisé",
        "romain.petit",
        "Je vous fais ça sur Excel.",
        &[Accept(60), Deliver],
    ),
];

/// Seeds the living association unless it is there (its first member marks it), in one
/// transaction: a story that breaks a rule leaves nothing half-seeded behind.
pub fn seed(conn: &mut DbConn) -> anyhow::Result<()> {
    if member::find_by_email(conn, &email(MEMBERS[0].0))?.is_some() {
        return Ok(());
    }
    write_transaction(conn, seed_all)
}

fn seed_all(conn: &mut DbConn) -> anyhow::Result<()> {
    let mut people: HashMap<&str, (String, String, bool)> = HashMap::new();
    for (local, _, _) in super::DEMO_PEOPLE.iter().map(|(e, n, r)| (e.split('@').next().unwrap_or(e), n, r)) {
        let row = member::find_by_email(conn, &email(local))?.context("the demo people come first")?;
        people.insert(local, (row.id, row.display_name, row.role != Role::Member));
    }
    for (local, name, status) in MEMBERS {
        let row = add_member(conn, &email(local), name, Role::Member, status, true)?;
        people.insert(local, (row.id, name.to_owned(), false));
    }
    let mut listings: HashMap<&str, String> = HashMap::new();
    for ad in &ADS {
        let (owner_id, owner_name, _) = people.get(ad.owner).context("an ad's owner")?.clone();
        let mut new = NewListing {
            kind: ad.kind,
            title: ad.title.to_owned(),
            description: ad.description.to_owned(),
            skills: ad.skills.iter().map(|s| (*s).to_owned()).collect(),
            estimated_minutes: ad.minutes,
        };
        let problems = new.validate();
        if !problems.is_empty() {
            bail!("demo listing {:?} breaks a rule: {problems:?}", ad.title);
        }
        new.normalize();
        let listing = listing::create(conn, &owner_id, &owner_name, new).map_err(anyhow_of)?;
        listings.insert(ad.title, listing.id);
    }
    for s in &STORIES {
        tell(conn, &people, &listings, s).with_context(|| format!("demo story on {:?}", s.listing))?;
    }
    Ok(())
}

fn email(local: &str) -> String {
    format!("{local}@{DOMAIN}")
}

fn anyhow_of(e: crate::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

fn tell(
    conn: &mut DbConn,
    people: &HashMap<&str, (String, String, bool)>,
    listings: &HashMap<&str, String>,
    s: &Story,
) -> anyhow::Result<()> {
    let who = |local: &str| -> anyhow::Result<Who> {
        let (id, _, is_staff) = people.get(local).context("a story's member")?;
        Ok(Who::Member { id: id.clone(), is_staff: *is_staff })
    };
    let as_id = |id: &str| -> Who {
        let is_staff = people.values().any(|(pid, _, staff)| pid == id && *staff);
        Who::Member { id: id.to_owned(), is_staff }
    };
    let listing_id = listings.get(s.listing).context("a story's listing")?;
    let new =
        NewExchange { listing_id: listing_id.clone(), message: s.message.to_owned(), minutes: s.minutes };
    let row =
        exchange::create(conn, &people.get(s.requester).context("requester")?.0, &new).map_err(anyhow_of)?;
    let owner = if row.requester_id == row.provider_id { &row.beneficiary_id } else { &row.provider_id };
    for step in s.steps {
        let (actor, action, note) = match *step {
            Accept(minutes) => (as_id(owner), Action::Accept { minutes, proposed: None }, None),
            Decline => (as_id(owner), Action::Decline, None),
            Cancel => (as_id(&row.requester_id), Action::Cancel, None),
            Deliver => (as_id(&row.provider_id), Action::Deliver, None),
            Confirm => (as_id(&row.beneficiary_id), Action::Confirm, None),
            Dispute(reason) => (as_id(&row.beneficiary_id), Action::Dispute, Some(reason)),
            SettleAdjust(hundredths, note) => (
                who("lea.moreau")?,
                Action::SettleAdjust { amount: Ts::from_hundredths(hundredths) },
                Some(note),
            ),
            Evaluate(rating, comment) => {
                let evaluation = NewEvaluation { rating, comment: comment.to_owned() };
                exchange::evaluate(conn, &as_id(&row.beneficiary_id), &row.id, &evaluation)
                    .map_err(anyhow_of)?;
                continue;
            }
        };
        exchange::act(conn, &actor, &row.id, action, note).map_err(anyhow_of)?;
    }
    Ok(())
}
