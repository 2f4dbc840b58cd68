// The exchange of services in the browser: a member publishes an offer, another finds it and
// asks for it, the bell and the notifications tell the owner, who sees the requester's figures
// before accepting; the service is delivered, confirmed (the confirmation says what is paid and
// what is left) and rated; the rating shows on the member's page. A second journey ends in a
// dispute that staff settle at an adjusted amount. Then the exchange page on a phone, and axe.
//
// The server runs in demo mode with its demo people (Camille Martin, member; Sami Benali and
// Léa Moreau, staff; Alex Durand, admin). Journeys share one server: titles are unique per run and
// balances are never assumed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, withPage, seriousViolations, signInAs, acceptNextDialog, withoutDialog, NBSP, openStaffMenu,
} from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const RUN = Date.now();

/** The first exchange of this run (its address), for the phone check. */
let firstExchange = null;

/** Publishes an offer from `/offres` and waits for its card in the list. */
async function publishOffer(page, { title, description, skills, minutes }) {
  await page.getByRole('banner').getByRole('link', { name: 'Offres', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Offres et demandes' }).waitFor();
  await page.locator('summary', { hasText: 'Publier une annonce' }).click();
  const form = page.locator('form.publish');
  await form.getByRole('radio', { name: /^Offre/ }).check();
  // Refused before sending: no title, no description.
  await withoutDialog(page, async () => {
    await form.getByRole('button', { name: 'Publier', exact: true }).click();
    await form.getByText('Donnez un titre à votre annonce.').waitFor();
    await form.getByText('Décrivez en quelques lignes').waitFor();
  });
  await form.getByLabel('Titre', { exact: true }).fill(title);
  await form.getByLabel('Description', { exact: true }).fill(description);
  await form.getByLabel('Compétences (facultatif)').fill(skills);
  await form.getByLabel('Durée estimée').selectOption(String(minutes));
  await form.getByText(/^Soit environ \d+,\d\d\u00a0TS$/).waitFor();
  await form.getByRole('button', { name: 'Publier', exact: true }).click();
  await form.getByText(`Votre offre « ${title} » est publiée.`).waitFor();
  await page.locator('article.listing-card').filter({ hasText: title }).waitFor();
}

/** Finds a listing on `/offres` by its title and opens it. */
async function openListing(page, title) {
  await page.getByRole('banner').getByRole('link', { name: 'Offres', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Offres et demandes' }).waitFor();
  await page.getByLabel('Mots recherchés').fill(title);
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  // The list is loaded again with the search: only this listing is left.
  await page.waitForFunction((t) => {
    const cards = [...document.querySelectorAll('article.listing-card')];
    return cards.length === 1 && cards[0].textContent.includes(t);
  }, title);
  await page.locator('article.listing-card').getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** The state badge of the exchange page. */
const stateBadge = (page) => page.locator('article.exchange header .badge');

test('an offer is published, found, requested, accepted, delivered, confirmed and rated', async () => {
  const title = `Relecture ${RUN}`;
  const comment = `Relecture soignée ${RUN}`;
  let exchangeUrl;

  // Camille publishes an offer of 3 hours; it is listed on /offres and on /mes-offres.
  await withPage(browser, 'exchanges-publish', async (page) => {
    await signInAs(page, 'Camille Martin');
    await publishOffer(page, {
      title,
      description: 'Je relis vos textes (CV, lettres, articles) et vous propose des corrections.',
      skills: 'Relecture, rédaction',
      minutes: 180,
    });
    const card = page.locator('article.listing-card').filter({ hasText: title });
    await card.getByText('Votre annonce').waitFor();
    const figures = await card.locator('.figures').textContent();
    assert.ok(figures.includes('3 h') && figures.includes(`≈ 5,00${NBSP}TS`), figures);
    await card.getByRole('button', { name: 'Filtrer par compétence : relecture' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('link', { name: 'Mes annonces' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mes annonces' }).waitFor();
    const mine = page.locator('article.listing-card').filter({ hasText: title });
    await mine.getByText('En ligne', { exact: true }).waitFor();
    await mine.getByRole('button', { name: 'Mettre en pause' }).waitFor();
  });

  // Sami finds it by a search, sees who Camille is, and asks for it with a message.
  await withPage(browser, 'exchanges-request', async (page) => {
    await signInAs(page, 'Sami Benali');
    await openListing(page, title);
    await page.getByRole('heading', { name: 'Ce que Camille Martin a donné et reçu' }).waitFor();
    await page.getByText('Services rendus', { exact: true }).first().waitFor();
    const request = page.getByRole('region', { name: 'Demander cet échange' });
    assert.equal(await request.getByLabel('Durée proposée').inputValue(), '180');
    await request.getByText(`Soit environ 5,00${NBSP}TS, que vous paierez à Camille Martin`).waitFor();
    await request.getByLabel('Message (facultatif)').fill('Bonjour Camille, pourriez-vous relire mon CV ?');
    await withoutDialog(page, async () => {
      await request.getByRole('button', { name: 'Demander cet échange' }).click();
      // The listing page has the same title: wait for the exchange's page itself.
      await page.waitForURL(/\/echanges\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
    });
    exchangeUrl = page.url();
    firstExchange = exchangeUrl;
    await stateBadge(page).getByText('Demandé', { exact: true }).waitFor();
    await page.getByText('pourriez-vous relire mon CV').waitFor(); // the timeline's first entry
    // The requester may only cancel now.
    await page.getByRole('button', { name: "Annuler l'échange" }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Accepter', exact: true }).count(), 0);
  });

  // Camille: the bell counts the request; the notification opens the exchange, where she
  // sees Sami's figures before accepting for 3 hours, then says the service is delivered.
  await withPage(browser, 'exchanges-accept', async (page) => {
    await signInAs(page, 'Camille Martin');
    const bell = page.getByRole('banner').getByRole('link', { name: /^\d+ notifications? non lues?$/ });
    await bell.waitFor();
    const count = Number(await bell.locator('.count').textContent());
    assert.ok(count >= 1, `the bell shows ${count}`);
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const item = page.locator('li.notification').filter({ hasText: title }).first();
    await item.getByText('Une demande attend votre réponse').waitFor();
    await item.getByText('Nouveau').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await item.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.equal(page.url(), exchangeUrl);

    await page.getByRole('heading', { name: 'Ce que Sami Benali a donné et reçu' }).waitFor();
    await page.locator('.member-totals').getByText('Services reçus').waitFor();
    await page.getByText('Durée proposée : 3 h.').waitFor();
    await page.getByLabel('Durée convenue').selectOption('180');
    await page.getByText(`Sami Benali vous paiera 5,00${NBSP}TS une fois le service rendu et confirmé.`).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Accepter', exact: true }).click();
    const question = await asked;
    assert.equal(
      question,
      `Accepter cet échange pour 3 h ? Sami Benali vous paiera 5,00${NBSP}TS une fois le service rendu et confirmé.`,
    );
    await page.getByText(`Échange accepté pour 3 h : 5,00${NBSP}TS.`).waitFor();
    await stateBadge(page).getByText('Accepté', { exact: true }).waitFor();

    await withoutDialog(page, async () => {
      await page.getByRole('button', { name: "J'ai rendu le service" }).click();
      await page.getByText('Sami Benali est invité·e à confirmer la livraison').waitFor();
    });
    await stateBadge(page).getByText('Service rendu', { exact: true }).waitFor();
    await page.getByText('Sera confirmé automatiquement le').waitFor();
    const timeline = page.locator('ol.timeline li');
    assert.equal(await timeline.count(), 3);
    await timeline.nth(1).getByText('a accepté').waitFor();
    await timeline.nth(2).getByText('a indiqué avoir rendu le service').waitFor();
  });

  // Sami confirms the delivery (the confirmation says what is paid and what is left), then
  // rates the service 5 stars.
  await withPage(browser, 'exchanges-confirm', async (page) => {
    await signInAs(page, 'Sami Benali');
    await page.goto(exchangeUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText(`Camille Martin indique vous avoir rendu le service.`).waitFor();
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Confirmer la livraison' }).click();
    const question = await asked;
    assert.ok(question.includes(`5,00${NBSP}TS seront versés à Camille Martin.`), question);
    assert.match(question, /Il vous restera −?[\d\u202f]+,\d\d\u00a0TS\.$/);
    await page.getByText(`Livraison confirmée : 5,00${NBSP}TS ont été versés à Camille Martin.`).waitFor();
    await stateBadge(page).getByText('Confirmé', { exact: true }).waitFor();
    await page.getByText('Montant versé').waitFor();

    // A rating is required before sending.
    await page.getByRole('button', { name: 'Envoyer mon évaluation' }).click();
    await page.getByText('Choisissez une note, de 1 à 5 étoiles.').waitFor();
    await page.getByRole('radio', { name: '5 étoiles' }).check();
    await page.getByLabel('Commentaire (facultatif)').fill(comment);
    await page.getByRole('button', { name: 'Envoyer mon évaluation' }).click();
    await page.getByText('Merci ! Votre évaluation de Camille Martin est enregistrée.').waitFor();
    await stateBadge(page).getByText('Évalué', { exact: true }).waitFor();
    const evaluation = page.getByRole('region', { name: 'Évaluation', exact: true });
    await evaluation.getByText('5 sur 5').waitFor();
    await evaluation.getByText(comment).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Envoyer mon évaluation' }).count(), 0);
  });

  // Camille's member page shows the rating.
  await withPage(browser, 'exchanges-member-page', async (page) => {
    await signInAs(page, 'Camille Martin');
    await page.goto(exchangeUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await stateBadge(page).getByText('Évalué', { exact: true }).waitFor();
    await page.locator('dl.exchange-facts').getByRole('link', { name: 'Camille Martin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Camille Martin' }).waitFor();
    assert.match(page.url(), /\/membres\/[^/]+$/);
    const evaluations = page.getByRole('region', { name: 'Évaluations reçues' });
    const mine = evaluations.locator('article.evaluation').filter({ hasText: comment });
    await mine.waitFor();
    await mine.getByText('5 sur 5').waitFor();
    await mine.getByText(/^Par Sami Benali, le /).waitFor();
    await page.getByText(/^\d,\d \/ 5$/).first().waitFor(); // the average, from tenths
    await page.getByText('Échanges confirmés').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // The exchange is in her list, with its state and the other member.
    await page.getByRole('banner').getByRole('link', { name: 'Échanges', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes échanges' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByText('Évalué', { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Sami Benali' }).waitFor();
    await row.getByText('Vous rendez le service').waitFor();
    await page.getByLabel('État', { exact: true }).selectOption('declined');
    await page.getByRole('row').filter({ hasText: title }).waitFor({ state: 'detached' });
  });
});

test('a provider who accepts another duration waits for the approval of the member served', async () => {
  const title = `Traduction ${RUN}`;
  let exchangeUrl;
  await withPage(browser, 'agreement-publish', async (page) => {
    await signInAs(page, 'Camille Martin');
    await publishOffer(page, {
      title,
      description: 'Je traduis vos courriers et pages web, du français vers l\'anglais.',
      skills: 'Traduction',
      minutes: 60,
    });
  });
  // Sami asks for 1 hour; asking again (a second tab, a double tap) leads to the same request.
  await withPage(browser, 'agreement-request', async (page) => {
    await signInAs(page, 'Sami Benali');
    await openListing(page, title);
    const request = page.getByRole('region', { name: 'Demander cet échange' });
    assert.equal(await request.getByLabel('Durée proposée').inputValue(), '60');
    await request.getByRole('button', { name: 'Demander cet échange' }).click();
    await page.waitForURL(/\/echanges\/[^/]+$/);
    exchangeUrl = page.url();
    await openListing(page, title);
    await page.getByRole('region', { name: 'Demander cet échange' }).getByRole('button', { name: 'Demander cet échange' }).click();
    await page.waitForURL(exchangeUrl);
    await stateBadge(page).getByText('Demandé', { exact: true }).waitFor();
  });
  // Camille accepts for 2 hours: Sami, who pays, must approve.
  await withPage(browser, 'agreement-accept', async (page) => {
    await signInAs(page, 'Camille Martin');
    await page.goto(exchangeUrl);
    await page.getByLabel('Durée convenue').selectOption('120');
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Accepter', exact: true }).click();
    assert.ok((await asked).startsWith('Accepter cet échange pour 2 h ?'));
    await page.getByText(`Vous avez accepté pour 2 h (3,33${NBSP}TS) : Sami Benali doit approuver cette durée`).waitFor();
    await stateBadge(page).getByText('Durée à approuver', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: "J'ai rendu le service" }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
  });
  await withPage(browser, 'agreement-approve', async (page) => {
    await signInAs(page, 'Sami Benali');
    await page.goto(exchangeUrl);
    await page.getByText(`Camille Martin a accepté pour 2 h, soit 3,33${NBSP}TS`).waitFor();
    await page.getByRole('button', { name: 'Refuser la durée' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Approuver la durée' }).click();
    assert.equal(await asked, `Approuver 2 h pour 3,33${NBSP}TS avec Camille Martin ?`);
    await page.getByText("Vous avez approuvé 2 h : l'échange avec Camille Martin est convenu.").waitFor();
    await stateBadge(page).getByText('Accepté', { exact: true }).waitFor();
    await page.locator('ol.timeline').getByText('a approuvé la durée proposée').waitFor();
  });
});

test('a dispute is listed for staff, who settle it at an adjusted amount', async () => {
  const title = `Mise en page ${RUN}`;
  let exchangeUrl;

  await withPage(browser, 'dispute-publish', async (page) => {
    await signInAs(page, 'Camille Martin');
    await publishOffer(page, {
      title,
      description: 'Je mets en page vos documents (rapports, plaquettes).',
      skills: 'Mise en page',
      minutes: 60,
    });
  });

  // Alex asks for it.
  await withPage(browser, 'dispute-request', async (page) => {
    await signInAs(page, 'Alex Durand');
    await openListing(page, title);
    const request = page.getByRole('region', { name: 'Demander cet échange' });
    await request.getByRole('button', { name: 'Demander cet échange' }).click();
    await page.waitForURL(/\/echanges\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    exchangeUrl = page.url();
  });

  // Camille accepts from her list of exchanges, delivers, then closes the listing.
  await withPage(browser, 'dispute-accept', async (page) => {
    await signInAs(page, 'Camille Martin');
    // The request is unread; "Tout marquer comme lu" empties the bell.
    const bell = page.getByRole('banner').getByRole('link', { name: /^\d+ notifications? non lues?$/ });
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.locator('li.notification.unread').filter({ hasText: title }).waitFor();
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByText('Toutes vos notifications sont marquées comme lues.').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Notifications (aucune non lue)' }).waitFor();
    await page.locator('li.notification.unread').first().waitFor({ state: 'detached' });

    await page.getByRole('banner').getByRole('link', { name: 'Échanges', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByText("À vous d'agir").waitFor();
    await row.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { name: 'Ce que Alex Durand a donné et reçu' }).waitFor();
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Accepter', exact: true }).click();
    assert.ok((await asked).startsWith('Accepter cet échange pour 1 h ? Alex Durand vous paiera '));
    await stateBadge(page).getByText('Accepté', { exact: true }).waitFor();
    await page.getByRole('button', { name: "J'ai rendu le service" }).click();
    await stateBadge(page).getByText('Service rendu', { exact: true }).waitFor();

    await page.getByRole('link', { name: "Voir l'annonce" }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const closed = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Clôturer' }).click();
    assert.ok((await closed).startsWith(`Clôturer l'annonce « ${title} » ?`));
    await page.getByText(`L'annonce « ${title} » est clôturée.`).waitFor();
    await page.getByText('Clôturée', { exact: true }).first().waitFor();
  });

  // Alex reports a problem.
  await withPage(browser, 'dispute-open', async (page) => {
    await signInAs(page, 'Alex Durand');
    await page.goto(exchangeUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.locator('summary', { hasText: 'Signaler un problème' }).click();
    await withoutDialog(page, async () => {
      await page.getByRole('button', { name: 'Ouvrir un litige' }).click();
      await page.getByText('Indiquez le motif.').waitFor();
    });
    await page.getByLabel('Ce qui ne va pas').fill(`Mise en page à moitié faite ${RUN}`);
    const asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Ouvrir un litige' }).click();
    assert.ok((await asked).startsWith('Ouvrir un litige ?'));
    await page.getByText("Le litige est ouvert : l'équipe de l'association va l'examiner.").waitFor();
    await stateBadge(page).getByText('En litige', { exact: true }).waitFor();
  });

  // Sami (staff, no part in it) finds it on /admin/litiges and settles it at 1 TS.
  await withPage(browser, 'dispute-settle', async (page) => {
    await signInAs(page, 'Sami Benali');
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Litiges' }).click();
    await page.getByRole('heading', { level: 1, name: 'Litiges' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByText(`Mise en page à moitié faite ${RUN}`).waitFor();
    await row.getByText('Signalé par Alex Durand').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await row.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    const settle = page.locator('.action').filter({ hasText: 'Régler le litige en versant les TS' });
    await settle.getByLabel('Montant ajusté (TS, facultatif)').fill('1');
    await settle.getByText(`Soit 1,00${NBSP}TS`).waitFor();
    await withoutDialog(page, async () => {
      await settle.getByRole('button', { name: 'Régler et verser les TS' }).click();
      await settle.getByText('Indiquez une note de règlement.').waitFor();
    });
    await settle.getByLabel('Note de règlement').fill('Moitié du travail faite, moitié du prix.');
    assert.deepEqual(await seriousViolations(page), []);
    const asked = acceptNextDialog(page);
    await settle.getByRole('button', { name: 'Régler et verser les TS' }).click();
    assert.equal(
      await asked,
      `Régler le litige à 1,00${NBSP}TS au lieu du montant convenu ? 1,00${NBSP}TS seront versés par Alex Durand à Camille Martin.`,
    );
    await page.getByText(`Le litige est réglé : 1,00${NBSP}TS ont été versés.`).waitFor();
    await stateBadge(page).getByText('Confirmé', { exact: true }).waitFor();
    await page.locator('dl.exchange-facts').getByText(`1,00${NBSP}TS`).waitFor();
    await page.locator('ol.timeline').getByText('a réglé le litige à un montant ajusté').waitFor();
    await page.locator('ol.timeline').getByText('Moitié du travail faite, moitié du prix.').waitFor();

    // It is no longer in dispute.
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Litiges' }).click();
    await page.getByRole('heading', { level: 1, name: 'Litiges' }).waitFor();
    await page.locator('table.disputes, p.empty').first().waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: title }).count(), 0);

    // Staff read the thresholds of the abuse signals; only admins change them.
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Signaux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signaux' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Seuils des signaux' }).waitFor();
    await page.getByText('Seuls les administrateurs les modifient.').waitFor();
    const window = page.getByLabel('Période observée (jours)');
    await window.waitFor();
    assert.equal(await window.getAttribute('readonly'), '');
    assert.equal(await page.getByRole('button', { name: 'Enregistrer' }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('the exchange page fits a 360 px phone', async () => {
  await withPage(browser, 'exchanges-phone', async (page) => {
    await signInAs(page, 'Camille Martin');
    if (firstExchange) {
      await page.goto(firstExchange);
    } else {
      await page.goto(BASE + '/echanges');
      await page.locator('table.exchanges tbody tr th a').first().click();
    }
    await page.locator('article.exchange h1').waitFor();
    await page.getByRole('heading', { name: 'Historique' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    assert.deepEqual(await seriousViolations(page), []);

    await page.goto(BASE + '/offres');
    await page.locator('article.listing-card, p.empty').first().waitFor();
    const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(listOverflow <= 0, `/offres is ${listOverflow}px wider than the screen`);
  }, { phone: true });
});
