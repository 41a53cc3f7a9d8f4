import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportOf, startHarness, visit, type Harness } from './harness.ts';

describe('a choice made on an earlier page view', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  test('is the consent in force when the next page load starts, and the tracking after it is judged against it', async () => {
    const first = await visit(h, 'https://shop.example.dk/', 500);
    await first.page.click('#banner-reject');
    await first.page.waitForTimeout(500);
    await first.page.close();

    // A new page load: the consent platform's cookie is not written again, only read.
    const { tabId } = await visit(h, 'https://shop.example.dk/', 1000);
    const report = await reportOf(h, tabId);
    const phase = report.phases[0];
    expect(phase?.consent).toMatchObject({ source: 'cookieinformation', decision: 'reject' });
    expect(phase?.consentEvents?.[0]).toMatchObject({
      decision: 'reject',
      source: 'cookieinformation',
    });
    expect(Date.parse(phase?.consentEvents?.[0]?.time ?? '')).toBeLessThanOrEqual(
      Date.parse(phase?.startedAt ?? ''),
    );
    const rules = new Set(report.violations.map((v) => v.rule));
    expect(rules).toContain('tracker-after-reject');
    expect(rules).not.toContain('tracker-before-consent');
  });

  test('an "accept all" of a site’s own tarteaucitron services holds on the next page load', async () => {
    const first = await visit(h, 'https://tac.example.dk/', 1500);
    await first.page.click('#tarteaucitronPersonalize2');
    await first.page.waitForTimeout(1500);
    await first.page.close();

    // The cookie names the site's own services only (`!bageriga=true!…`): no category, but an
    // answer to each. The next page view's tracking is what the visitor accepted.
    const { tabId } = await visit(h, 'https://tac.example.dk/', 2500);
    const report = await reportOf(h, tabId);
    const events = report.phases[0]?.consentEvents ?? [];
    expect(events[0]).toMatchObject({
      source: 'tarteaucitron',
      decision: 'accept',
      interaction: true,
    });
    expect(Date.parse(events[0]?.time ?? '')).toBeLessThanOrEqual(
      Date.parse(report.phases[0]?.startedAt ?? ''),
    );
    expect(report.phases[0]?.consent).toMatchObject({
      source: 'tarteaucitron',
      decision: 'accept',
    });
    // Google Consent Mode's ad_storage denial beside it stays visible as a conflict.
    expect(events.some((e) => (e.conflicts ?? []).length > 0)).toBe(true);
    // Nothing is judged against a missing or implicit choice (the declaration rules are another
    // matter: the fixture sites share example.dk, and with it the demo shop's declaration).
    const timing = report.violations.filter((v) => /consent|reject/.test(v.rule));
    expect(timing.map((v) => `${v.rule} ${v.subject.name ?? v.subject.host}`)).toEqual([]);
    expect(report.violations.length).toBeGreaterThan(0);
  });
});
