// The time bank in the browser: a member's TS account (balance, limits, chart, statement,
// filters, CSV downloads), paying another member with the confirmation that says what is left,
// the refusals in French, staff reversing a payment and adjusting a balance, an admin checking
// the books, and the account on a phone. The server runs in demo mode with its demo people;
// journeys share one server, so balances are read before acting and checked relatively.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, withPage, seriousViolations, signInAs, acceptNextDialog, withoutDialog, NBSP, MINUS,
  restoringSettings, openStaffMenu,
} from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** "−1 234,50 TS" → -123450 (hundredths), as the SPA writes amounts in French. */
function hundredths(text) {
  const m = text.trim().match(/^([−-]?)([\d\u202f\u00a0 ]+),(\d{2})\u00a0TS$/);
  assert.ok(m, `not a French amount of TS: ${JSON.stringify(text)}`);
  const units = Number(m[2].replace(/[\u202f\u00a0 ]/g, ''));
  return (m[1] ? -1 : 1) * (units * 100 + Number(m[3]));
}

/** -123450 → "−1 234,50 TS", the French way (U+2212, U+202F between thousands, U+00A0). */
function french(cents) {
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${cents < 0 ? MINUS : ''}${units},${String(abs % 100).padStart(2, '0')}${NBSP}TS`;
}

/** The balance shown in the account summary, in hundredths. */
async function shownBalance(page) {
  const amount = page.locator('.ts-summary .balance-amount');
  await amount.waitFor();
  return hundredths(await amount.textContent());
}

/** Waits until the account summary shows `cents`. */
async function balanceBecomes(page, cents) {
  await page.waitForFunction(
    (expected) => document.querySelector('.ts-summary .balance-amount')?.textContent === expected,
    french(cents),
  );
}

const statementLines = (page) => page.locator('table.statement-lines tbody tr');

test('a member sees her TS account, pays another member, and downloads her statement', async () => {
  await withPage(browser, 'ledger-member', async (page) => {
    await signInAs(page, 'Camille Martin');
    await page.getByRole('banner').getByRole('link', { name: 'Mon compte TS' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte TS' }).waitFor();
    await page.getByRole('heading', { name: 'Solde', exact: true }).waitFor();
    await page.getByText("Vous pouvez descendre jusqu'à").waitFor();
    await page.getByRole('heading', { name: 'Évolution de votre solde' }).waitFor();
    await page.getByText('Voir les chiffres du graphique').waitFor();
    const lines = statementLines(page);
    await lines.first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // The CSV downloads, without filters.
    const spreadsheet = page.getByRole('link', { name: 'Tableur (Excel, LibreOffice)' });
    const data = page.getByRole('link', { name: 'Données (CSV standard)' });
    assert.equal(await spreadsheet.getAttribute('href'), '/api/me/statement.csv?dialect=spreadsheet');
    assert.equal(await data.getAttribute('href'), '/api/me/statement.csv?dialect=data');
    assert.notEqual(await spreadsheet.getAttribute('download'), null);

    // Pay Sami 1,50 TS: the confirmation says what will be left.
    const balance = await shownBalance(page);
    const pay = page.getByRole('region', { name: 'Payer un membre' });
    await pay.getByText('par paiement').waitFor(); // the rules are loaded: the maximum is shown
    await pay.getByLabel('Rechercher un membre').fill('Sam');
    await pay.getByRole('radio', { name: 'Sami Benali' }).check();
    await pay.getByText('Vous allez payer Sami Benali.').waitFor();
    await pay.getByLabel('Montant (TS)').fill('1,5');
    await pay.getByText(`Soit 1,50${NBSP}TS`).waitFor();
    await pay.getByLabel('Libellé du paiement').fill('Aide au devis');
    const asked = acceptNextDialog(page);
    await pay.getByRole('button', { name: 'Payer', exact: true }).click();
    const question = await asked;
    assert.ok(question.includes('Il vous restera'), question);
    assert.equal(question, `Payer 1,50${NBSP}TS à Sami Benali ? Il vous restera ${french(balance - 150)}.`);
    await pay.getByText(`Vous avez payé 1,50${NBSP}TS à Sami Benali.`).waitFor();
    await balanceBecomes(page, balance - 150);

    // The statement's first line is the payment.
    const first = lines.first();
    await first.filter({ hasText: 'Aide au devis' }).waitFor();
    const firstText = await first.textContent();
    for (const part of ['Paiement', 'Sami Benali', `${MINUS}1,50${NBSP}TS`, french(balance - 150)]) {
      assert.ok(firstText.includes(part), `${JSON.stringify(part)} not in ${JSON.stringify(firstText)}`);
    }
    // The form is empty again.
    assert.equal(await pay.getByLabel('Montant (TS)').inputValue(), '');

    // A text that is not an amount is refused next to the field, without asking.
    await pay.getByLabel('Rechercher un membre').fill('Sami');
    await pay.getByRole('radio', { name: 'Sami Benali' }).check();
    await pay.getByLabel('Montant (TS)').fill('deux');
    await pay.getByLabel('Libellé du paiement').fill('Trop grand');
    await withoutDialog(page, async () => {
      await pay.getByRole('button', { name: 'Payer', exact: true }).click();
      await pay.getByText("Ce n'est pas un montant").waitFor();
    });

    // Over the maximum per payment: said in French with the figures, without asking.
    await pay.getByLabel('Montant (TS)').fill('60');
    await withoutDialog(page, async () => {
      await pay.getByRole('button', { name: 'Payer', exact: true }).click();
      await pay.getByRole('alert').getByText(/Un paiement ne peut pas dépasser \d+,\d\d\u00a0TS : ce montant le dépasse de \d+,\d\d\u00a0TS\./).waitFor();
    });
    await balanceBecomes(page, balance - 150);
    assert.deepEqual(await seriousViolations(page), []);

    // Filter by kind: only the welcome gift, and the downloads follow the filter.
    await page.getByLabel('Nature', { exact: true }).selectOption('welcome_grant');
    await lines.first().filter({ hasText: 'Cadeau de bienvenue' }).waitFor();
    assert.equal(await lines.filter({ hasNotText: 'Cadeau de bienvenue' }).count(), 0);
    assert.equal(await spreadsheet.getAttribute('href'), '/api/me/statement.csv?dialect=spreadsheet&kind=welcome_grant');
    assert.equal(await data.getAttribute('href'), '/api/me/statement.csv?dialect=data&kind=welcome_grant');
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await lines.first().filter({ hasText: 'Aide au devis' }).waitFor();
    assert.equal(await spreadsheet.getAttribute('href'), '/api/me/statement.csv?dialect=spreadsheet');

    // A day range with its end before its start is refused next to the field.
    await page.getByLabel('Du', { exact: true }).fill('2026-12-31');
    await page.getByLabel('Au', { exact: true }).fill('2026-01-01');
    await page.getByText('La date de fin est avant la date de début.').waitFor();
    await page.getByLabel('Du', { exact: true }).fill('');
    await page.getByLabel('Au', { exact: true }).fill('');

    // The downloads answer with CSV for this session.
    const csv = await page.request.get(BASE + '/api/me/statement.csv?dialect=data');
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.ok((await csv.text()).includes('Aide au devis'));
    const sheet = await page.request.get(BASE + '/api/me/statement.csv?dialect=spreadsheet');
    assert.equal(sheet.status(), 200);
    assert.ok((await sheet.text()).includes('Cadeau de bienvenue'));

    // Staff pages are not for members.
    await page.goto(BASE + '/admin/comptes');
    await page.getByRole('heading', { level: 1, name: 'Accès réservé' }).waitFor();
  });
});

test('staff list the accounts, reverse a payment and adjust a balance', async () => {
  // Léa, not Sami: Sami received the payment to reverse, and nobody acts as staff on what
  // they are party to.
  await withPage(browser, 'ledger-staff', async (page) => {
    await signInAs(page, 'Léa Moreau');
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Comptes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptes TS' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Camille Martin' });
    await row.getByText('Membre', { exact: true }).waitFor();
    await row.getByText('Ouvert', { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // The search narrows the list.
    await page.getByRole('searchbox', { name: 'Rechercher un titulaire' }).fill('camille');
    assert.equal(await page.getByRole('row').filter({ hasText: 'Alex Durand' }).count(), 0);
    await row.getByRole('link', { name: 'Camille Martin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compte TS de Camille Martin' }).waitFor();
    await page.getByText('Ce compte peut descendre jusqu').waitFor();
    const lines = statementLines(page);
    await lines.first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // The CSV downloads are this account's.
    const href = await page.getByRole('link', { name: 'Tableur (Excel, LibreOffice)' }).getAttribute('href');
    assert.match(href, /^\/api\/accounts\/[^/]+\/statement\.csv\?dialect=spreadsheet$/);

    // Reverse Camille's payment to Sami: the same amount comes back to her.
    const balance = await shownBalance(page);
    const payment = lines
      .filter({ hasText: 'Aide au devis' })
      .filter({ has: page.getByRole('button', { name: 'Corriger (extourne)' }) })
      .first();
    await payment.getByRole('button', { name: 'Corriger (extourne)' }).click();
    // Without a reason, nothing is asked.
    await withoutDialog(page, async () => {
      await page.getByRole('button', { name: 'Extourner', exact: true }).click();
      await page.getByText('Indiquez le motif.').waitFor();
    });
    await page.getByLabel("Motif de l'extourne").fill('Paiement en double');
    let asked = acceptNextDialog(page);
    await page.getByRole('button', { name: 'Extourner', exact: true }).click();
    let question = await asked;
    assert.ok(question.startsWith(`Extourner cette opération (Paiement, ${MINUS}1,50${NBSP}TS, Sami Benali) ?`), question);
    assert.ok(question.includes(french(balance + 150)), question);
    await page.getByText("L'extourne est enregistrée").waitFor();
    await balanceBecomes(page, balance + 150);
    const reversal = lines.first();
    await reversal.filter({ hasText: 'Paiement en double' }).waitFor();
    const reversalText = await reversal.textContent();
    for (const part of ['Extourne', 'Sami Benali', `+1,50${NBSP}TS`]) {
      assert.ok(reversalText.includes(part), `${JSON.stringify(part)} not in ${JSON.stringify(reversalText)}`);
    }
    // The reversal itself is not reversible, and the payment is marked reversed.
    assert.equal(await reversal.getByRole('button', { name: 'Corriger (extourne)' }).count(), 0);
    await lines.filter({ hasText: 'Aide au devis' }).filter({ hasText: 'Extournée' }).first().waitFor();

    // An adjustment of +2 TS, with its reason; the confirmation says the new balance.
    const adjust = page.getByRole('region', { name: 'Ajustement', exact: true });
    await adjust.getByLabel("Montant de l'ajustement (TS)").fill('2');
    await adjust.getByText(`Soit +2,00${NBSP}TS`).waitFor();
    await withoutDialog(page, async () => {
      await adjust.getByRole('button', { name: 'Ajuster le solde' }).click();
      await adjust.getByText('Indiquez le motif.').waitFor();
    });
    await adjust.getByLabel("Motif de l'ajustement").fill('Geste de test');
    asked = acceptNextDialog(page);
    await adjust.getByRole('button', { name: 'Ajuster le solde' }).click();
    question = await asked;
    assert.equal(
      question,
      `Ajuster le compte de Camille Martin de +2,00${NBSP}TS ? Son solde passera de ${french(balance + 150)} à ${french(balance + 350)}.`,
    );
    await adjust.getByText(`L'ajustement de +2,00${NBSP}TS est enregistré`).waitFor();
    await balanceBecomes(page, balance + 350);
    const adjustment = lines.first();
    await adjustment.filter({ hasText: 'Geste de test' }).waitFor();
    const adjustmentText = await adjustment.textContent();
    assert.ok(adjustmentText.includes('Ajustement'), adjustmentText);
    assert.ok(adjustmentText.includes(`+2,00${NBSP}TS`), adjustmentText);
    assert.deepEqual(await seriousViolations(page), []);

    // New limits: a ceiling under the balance is refused with the figures; then −30 / 250 TS.
    const limits = page.getByRole('region', { name: 'Limites du compte' });
    await limits.getByLabel('Plafond (TS)').fill('1');
    await limits.getByRole('button', { name: 'Enregistrer les limites' }).click();
    await limits.getByText(`Le solde dépasse déjà ce plafond de 1,00${NBSP}TS`).waitFor();
    await limits.getByLabel('Plancher (TS)').fill('-30');
    await limits.getByLabel('Plafond (TS)').fill('250');
    await limits.getByRole('button', { name: 'Enregistrer les limites' }).click();
    await limits
      .getByText(`Les limites de Camille Martin vont maintenant de ${MINUS}30,00${NBSP}TS à 250,00${NBSP}TS.`)
      .waitFor();
    await page.getByText(`Ce compte peut descendre jusqu'à ${MINUS}30,00${NBSP}TS.`).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('an admin edits the time bank rules with field errors and checks the books', async () => {
  await withPage(browser, 'ledger-admin', async (page) => {
    await signInAs(page, 'Alex Durand');
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Réglages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    const rules = page.getByRole('region', { name: 'Règles de la banque de temps' });
    const floor = rules.getByLabel('Plancher des nouveaux comptes (TS)');
    await floor.waitFor();
    assert.match(await floor.inputValue(), /^-\d+(,\d\d)?$/);
    assert.notEqual(await rules.getByLabel('Cadeau de bienvenue (TS)').inputValue(), '');
    assert.deepEqual(await seriousViolations(page), []);

    // Refused before sending: a positive floor, a text that is not an amount, minutes out of range.
    await floor.fill('5');
    await rules.getByLabel('Maximum par service ou paiement (TS)').fill('beaucoup');
    await rules.getByLabel('Durée de référence (minutes)').fill('5');
    await rules.getByRole('button', { name: 'Enregistrer' }).click();
    await rules.getByText('Le montant doit être zéro ou négatif.').waitFor();
    await rules.getByText("Ce n'est pas un montant").waitFor();
    await rules.getByText('Choisissez un nombre entre 15 et 6000.').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // Nothing was saved: the page shows the rules as they are.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    await floor.waitFor();
    assert.match(await floor.inputValue(), /^-\d+(,\d\d)?$/);

    // Saving the rules as they are works.
    await rules.getByRole('button', { name: 'Enregistrer' }).click();
    await rules.getByText('Les règles sont enregistrées.').waitFor();

    // The home page, which anyone can read, shows the welcome grant as the admins set it.
    await restoringSettings(page, '/api/public/ts_rules', '/api/admin/ts_rules', async () => {
      await rules.getByLabel('Cadeau de bienvenue (TS)').fill('6,5');
      await rules.getByRole('button', { name: 'Enregistrer' }).click();
      await rules.getByText('Les règles sont enregistrées.').waitFor();
      await page.goto(BASE + '/');
      await page.getByText('Chaque nouvel·le adhérent·e reçoit 6,50\u00a0TS à son arrivée.').waitFor();
    });
    await page.goBack();
    await floor.waitFor();

    // The books.
    const books = page.getByRole('region', { name: 'Vérifier les comptes' });
    await books.getByRole('button', { name: 'Vérifier les comptes' }).click();
    await books.getByText('Les comptes sont équilibrés').waitFor();
    await books.getByText('TS en circulation').waitFor();
    await books.getByText(`0,00${NBSP}TS`, { exact: true }).waitFor(); // the sum of all balances
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('the TS account fits a 360 px phone', async () => {
  await withPage(browser, 'ledger-phone', async (page) => {
    await signInAs(page, 'Camille Martin');
    await page.goto(BASE + '/compte-ts');
    await page.getByRole('heading', { level: 1, name: 'Mon compte TS' }).waitFor();
    await page.getByRole('heading', { name: 'Solde', exact: true }).waitFor();
    await statementLines(page).first().waitFor();
    await page.getByRole('heading', { name: 'Évolution de votre solde' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    assert.deepEqual(await seriousViolations(page), []);
  }, { phone: true });
});

/** Pays `payee` 0,10 TS from the TS account page of whoever is signed in. */
async function payTenCents(page, payee, memo) {
  await page.getByRole('banner').getByRole('link', { name: 'Mon compte TS' }).click();
  const pay = page.getByRole('region', { name: 'Payer un membre' });
  await pay.getByText('par paiement').waitFor();
  await pay.getByLabel('Rechercher un membre').fill(payee.split(' ')[0]);
  await pay.getByRole('radio', { name: payee }).check();
  await pay.getByLabel('Montant (TS)').fill('0,1');
  await pay.getByLabel('Libellé du paiement').fill(memo);
  const asked = acceptNextDialog(page);
  await pay.getByRole('button', { name: 'Payer', exact: true }).click();
  await asked;
  await pay.getByText(`Vous avez payé 0,10${NBSP}TS à ${payee}.`).waitFor();
}

test('staff see two members paying each other back and forth, with the figures', async () => {
  await withPage(browser, 'ledger-signals', async (page) => {
    await signInAs(page, 'Camille Martin');
    await payTenCents(page, 'Alex Durand', 'Aller');
    await signInAs(page, 'Alex Durand');
    await payTenCents(page, 'Camille Martin', 'Retour');

    // One round trip is below the default threshold; an admin lowers it to one.
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Signaux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signaux' }).waitFor();
    const threshold = page.getByLabel('Allers-retours pour un signal');
    await threshold.waitFor();
    await restoringSettings(page, '/api/admin/abuse_thresholds', '/api/admin/abuse_thresholds', async () => {
      await threshold.fill('1');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Les seuils sont enregistrés.').waitFor();

      // The signal names both members, with the evidence.
      const group = page.getByRole('region', { name: /Échanges en aller-retour/ });
      const card = group.locator('article.signal')
        .filter({ hasText: 'Alex Durand' }).filter({ hasText: 'Camille Martin' });
      await card.waitFor();
      await card.getByText('Allers-retours', { exact: true }).waitFor();
      await card.getByText('Seuil : allers-retours').waitFor();
      const figures = await card.locator('dl.evidence').textContent();
      assert.ok(figures.includes('Services rendus par le premier au second'), figures);
      await card.getByRole('link', { name: 'Camille Martin' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
    });
  });
});
