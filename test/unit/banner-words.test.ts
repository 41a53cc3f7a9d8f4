import { describe, expect, test } from 'vitest';
import { classifyButtonLabel } from '../../lib/banner/button-words.ts';

describe('classifyButtonLabel', () => {
  test.each([
    ['Afvis', 'reject'],
    ['Afvis alle', 'reject'],
    ['Kun nødvendige', 'reject'],
    ['  Tillad kun nødvendige cookies ', 'reject'],
    ['Accepter alle', 'accept'],
    ['Tillad alle', 'accept'],
    ['Reject all', 'reject'],
    ['Decline', 'reject'],
    ['Accept only necessary', 'reject'],
    ['Alle ablehnen', 'reject'],
    ['Alle akzeptieren', 'accept'],
    ['Avvisa alla', 'reject'],
    ['Godta alle', 'accept'],
    ['Alles weigeren', 'reject'],
    ['Tout refuser', 'reject'],
    ['Tout accepter', 'accept'],
    ['ACCEPT ALL COOKIES', 'accept'],
    ['Accept all cookies and continue', 'accept'],
    ['Indstillinger', 'settings'],
    ['Cookie settings', 'settings'],
    ['“Accepter alle”', 'accept'],
  ])('%s → %s', (label, role) => {
    expect(classifyButtonLabel(label)).toBe(role);
  });

  test.each([
    ['Læg i kurv'],
    ['Learn how we accept payments from customers worldwide'],
    ['Read our privacy policy'],
    [''],
    ['x'.repeat(500)],
  ])('%s is no banner button', (label) => {
    expect(classifyButtonLabel(label)).toBeNull();
  });
});
