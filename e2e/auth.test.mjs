// Signing in and what each role sees: the sign-in page and its refusals, a member's account
// (sessions, integration tokens), the members' list, the audit log and the settings of an
// admin, and the members' list on a phone. The server runs in demo mode with its demo people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, withPage, seriousViolations, signInAs, openPersonMenu, openStaffMenu,
} from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('signed out: the account asks to sign in first, the sign-in page offers Google and the demo people', async () => {
  await withPage(browser, 'signed-out', async (page) => {
    await page.goto(BASE + '/compte');
    await page.getByRole('heading', { level: 1, name: "Connectez-vous d'abord" }).waitFor();
    await page.getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('link', { name: 'Aller à la page de connexion' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.getByText("Seuls les comptes Google Workspace de l'association").waitFor();
    const google = page.getByRole('link', { name: 'Se connecter avec Google' });
    // Back to the account page after Google.
    assert.equal(await google.getAttribute('href'), '/api/auth/login?return_to=%2Fcompte');
    await page.getByRole('heading', { level: 2, name: 'Démonstration' }).waitFor();
    await page.getByRole('button', { name: 'Se connecter comme Camille Martin (Adhérent·e)' }).waitFor();
    await page.getByRole('button', { name: 'Se connecter comme Sami Benali (Équipe)' }).waitFor();
    await page.getByRole('button', { name: 'Se connecter comme Alex Durand (Admin)' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.goto(BASE + '/connexion?erreur=wrong_domain');
    const alert = page.getByRole('alert');
    await alert.getByText("Ce compte Google n'appartient pas à l'association.").waitFor();
    await alert.getByText("Connectez-vous avec votre adresse de l'association.").waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // A reason SEED does not know still gets a kind explanation, never the raw name.
    await page.goto(BASE + '/connexion?erreur=quelque_chose');
    await page.getByRole('alert').getByText('La connexion n\'a pas abouti. Recommencez').waitFor();
  });
});

test('a member signs in, sees her account, creates and revokes a token, and signs out', async () => {
  await withPage(browser, 'member-journey', async (page) => {
    page.on('dialog', (dialog) => dialog.accept());
    await signInAs(page, 'Camille Martin');
    const banner = page.getByRole('banner');
    await banner.getByText('Mode démonstration').waitFor();
    assert.equal(await banner.getByRole('link', { name: 'Membres' }).count(), 0);
    // Her name opens her menu: her role, her account, the language, signing out.
    await openPersonMenu(page);
    await banner.getByText('Adhérent·e', { exact: true }).waitFor();
    await banner.getByRole('link', { name: 'Mon compte', exact: true }).click();
    assert.equal(await banner.locator('details.person[open]').count(), 0, 'the menu closes');
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await page.getByRole('main').getByText('camille.martin@amt.example').waitFor();
    const current = page.getByRole('row').filter({ hasText: 'Cette session' });
    await current.waitFor();
    // This session ends with "Se déconnecter", not with "Révoquer".
    assert.equal(await current.getByRole('button', { name: 'Révoquer' }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);

    // A token: read only; the admin scope is not offered to a member.
    const tokenName = `Script de test ${Date.now()}`;
    assert.equal(await page.getByRole('checkbox', { name: /^Administration/ }).count(), 0);
    await page.getByLabel('Nom du jeton').fill(tokenName);
    assert.equal(await page.getByRole('checkbox', { name: /^Lecture/ }).isChecked(), true);
    assert.equal(await page.getByLabel('Durée de validité (jours)').inputValue(), '90');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const secret = page.getByRole('article', { name: `Votre nouveau jeton « ${tokenName} »` });
    await secret.waitFor();
    assert.match((await secret.locator('code').textContent()).trim(), /^seed_/);
    await secret.getByText('il ne sera plus jamais affiché').waitFor();
    const row = page.getByRole('row').filter({ hasText: tokenName });
    await row.getByText('Lecture').waitFor();
    await row.getByText('Jamais utilisé').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // Shown once: not after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await row.waitFor();
    assert.equal(await page.locator('code', { hasText: /^seed_/ }).count(), 0);

    await row.getByRole('button', { name: 'Révoquer' }).click();
    await page.getByText(`Le jeton « ${tokenName} » a été révoqué.`).waitFor();
    await row.waitFor({ state: 'detached' });

    // Staff pages are not for members.
    await page.goto(BASE + '/admin/membres');
    await page.getByRole('heading', { level: 1, name: 'Accès réservé' }).waitFor();
    await page.getByText("Cette page est réservée à l'équipe de l'association.").waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await openPersonMenu(page);
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur SEED' }).waitFor();
    await page.getByRole('link', { name: 'Se connecter', exact: true }).waitFor();
    assert.equal(await page.getByRole('banner').getByText('Camille Martin').count(), 0);
  });
});

test('an admin adds a member, changes the role, deactivates, reads the log and edits the settings', async () => {
  await withPage(browser, 'admin-journey', async (page) => {
    page.on('dialog', (dialog) => dialog.accept());
    const email = `dominique.test.${Date.now()}@amt.example`;
    await signInAs(page, 'Alex Durand');

    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Membres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'camille.martin@amt.example' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // Add.
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Nom affiché').fill('Dominique Test');
    await page.getByLabel('Rôle', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Ajouter le membre' }).click();
    await page.getByText('Dominique Test a été ajouté·e.').waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByText('Active', { exact: true }).waitFor();

    // The same address twice is refused next to the field.
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Nom affiché').fill('Dominique Bis');
    await page.getByRole('button', { name: 'Ajouter le membre' }).click();
    await page.getByText('Un membre a déjà cette adresse e-mail.').waitFor();

    // Role.
    await row.getByRole('combobox', { name: 'Rôle de Dominique Test' }).selectOption('staff');
    await page.getByText('Dominique Test a maintenant le rôle « Équipe ».').waitFor();
    assert.equal(await row.getByRole('combobox', { name: 'Rôle de Dominique Test' }).inputValue(), 'staff');

    // Deactivate: the confirmation says the sessions and tokens end.
    let question = '';
    page.once('dialog', (dialog) => { question = dialog.message(); });
    await row.getByRole('button', { name: 'Désactiver' }).click();
    await row.getByText('Désactivée', { exact: true }).waitFor();
    assert.match(question, /sessions et ses jetons/);
    await row.getByRole('button', { name: 'Réactiver' }).waitFor();

    // The audit log.
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Journal' }).waitFor();
    // It names the member, never by e-mail.
    const logged = page.getByRole('row').filter({ hasText: 'Dominique Test' });
    await logged.filter({ hasText: 'Membre ajouté' }).first().waitFor();
    await logged.filter({ hasText: 'Membre désactivé' }).first().waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: email }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);

    // The settings.
    await openStaffMenu(page);
    await page.getByRole('banner').getByRole('link', { name: 'Réglages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    const retention = page.getByLabel('Durée de conservation des adresses IP du journal (jours)');
    await retention.fill('400');
    const rows = page.getByLabel('Durée de conservation des lignes du journal (jours)');
    assert.equal(await rows.inputValue(), '365');
    await rows.fill('20');
    const retentionForm = page.getByRole('region', { name: "Conservation du journal d'audit" });
    await retentionForm.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Choisissez un nombre entre 1 et 365.').waitFor();
    await page.getByText('Choisissez un nombre entre 30 et 3650.').waitFor();
    await retention.fill('30');
    await rows.fill('730');
    await retentionForm.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La durée de conservation est enregistrée.').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    const notice = 'Association AMT, loi 1901.';
    await page.getByLabel('Texte des mentions légales').fill(notice);
    await page.getByRole('region', { name: 'Mentions légales' }).getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Les mentions légales sont enregistrées.').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    assert.equal(await page.getByLabel('Durée de conservation des adresses IP du journal (jours)').inputValue(), '30');
    assert.equal(await page.getByLabel('Durée de conservation des lignes du journal (jours)').inputValue(), '730');

    await page.getByRole('contentinfo').getByRole('link', { name: 'Mentions légales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mentions légales' }).waitFor();
    await page.getByRole('main').getByText(notice).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('the privacy page says what SEED keeps, and the footer links to it', async () => {
  await withPage(browser, 'privacy', async (page) => {
    await page.goto(BASE + '/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Confidentialité' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confidentialité' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Cookies' }).waitFor();
    await page.getByText('90 jours par défaut').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('the members list fits a 360 px phone for an admin', async () => {
  await withPage(browser, 'members-phone', async (page) => {
    await signInAs(page, 'Alex Durand');
    await page.goto(BASE + '/admin/membres');
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'camille.martin@amt.example' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    assert.deepEqual(await seriousViolations(page), []);
  }, { phone: true });
});
