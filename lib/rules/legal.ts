import type { Localized } from './rule.ts';

/**
 * The sources the rules cite, named once so that every rule cites them the same way.
 * Danish forms follow Danish legal citation (art. 5, stk. 3; art. 6, stk. 1, litra a).
 */
export const SOURCES = {
  eprivacy53: {
    en: 'ePrivacy Directive 2002/58/EC art. 5(3)',
    da: 'e-databeskyttelsesdirektivet (direktiv 2002/58/EF) art. 5, stk. 3',
  },
  cookieOrder3: {
    en: 'the Danish cookie order (cookiebekendtgørelsen, BEK nr. 1148 af 09/12/2011) § 3',
    da: 'cookiebekendtgørelsen (BEK nr. 1148 af 09/12/2011) § 3',
  },
  gdpr411: { en: 'GDPR art. 4(11)', da: 'databeskyttelsesforordningen (GDPR) art. 4, nr. 11' },
  gdpr61a: { en: 'GDPR art. 6(1)(a)', da: 'GDPR art. 6, stk. 1, litra a' },
  gdpr7: { en: 'GDPR art. 7', da: 'GDPR art. 7' },
  gdpr73: { en: 'GDPR art. 7(3)', da: 'GDPR art. 7, stk. 3' },
  planet49: {
    en: 'CJEU judgment of 1 October 2019, Planet49, C-673/17',
    da: 'EU-Domstolens dom af 1. oktober 2019, Planet49, C-673/17',
  },
  edpb052020: {
    en: 'EDPB Guidelines 05/2020 on consent under Regulation 2016/679',
    da: 'EDPB\u2019s retningslinjer 05/2020 om samtykke i henhold til forordning 2016/679',
  },
  taskforce2023: {
    en: 'EDPB Cookie Banner Taskforce report of 17 January 2023',
    da: 'EDPB\u2019s Cookie Banner Taskforce-rapport af 17. januar 2023',
  },
} as const satisfies Record<string, Localized>;
