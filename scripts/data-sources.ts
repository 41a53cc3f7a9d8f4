import type { DataSourceInfo } from '../lib/knowledge/types.ts';

/** One pinned upstream data file the knowledge base is compiled from. */
export interface PinnedSource {
  id: DataSourceInfo['id'];
  /** File name in the data folder. */
  file: string;
  name: string;
  /** Immutable upstream address (a commit, never a branch). */
  url: string;
  sha256: string;
  bytes: number;
  version: string;
  licence: string;
}

/**
 * The pinned versions (also listed in DATA-LICENSES). Changing a file means changing its
 * commit, size and sha256 here together, after reading the upstream diff.
 */
export const DATA_SOURCES: readonly PinnedSource[] = [
  {
    id: 'open-cookie-database',
    file: 'open-cookie-database.csv',
    name: 'Open Cookie Database',
    url: 'https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/0ee5a17fe1cb002943f89370d24fc26a4226061c/open-cookie-database.csv',
    sha256: '0a8d78901ae55d859e34f7cc760262819af4c764b4f9bc3bbdeea2296e31f156',
    bytes: 567_896,
    version: 'commit 0ee5a17 (2026-01-21)',
    licence: 'Apache-2.0',
  },
  {
    id: 'easyprivacy',
    file: 'easyprivacy.txt',
    name: 'EasyPrivacy',
    url: 'https://raw.githubusercontent.com/ghostery/adblocker/ff8ed92b3648bdf49ba884b7d90c46d3dda4c366/packages/adblocker/assets/easylist/easyprivacy.txt',
    sha256: 'd0b04edb90a4e9ef6f3a371d08a9afd90057a22abe843586409fe08edfa89262',
    bytes: 1_508_869,
    version: '202608130529',
    licence: 'GPL-3.0 OR CC-BY-SA-3.0 (at the user’s choice)',
  },
  {
    id: 'cookieblock',
    file: 'cookieblock-known-cookies.json',
    name: 'CookieBlock known cookies',
    url: 'https://raw.githubusercontent.com/dibollinger/CookieBlock/cb3091a75ff75c6287e663f61de65ada0bf1b9aa/src/ext_data/known_cookies.json',
    sha256: '77ad8681f17f3fe81681f91fa4e849d50fd4c4b9fe4daff673072efe8d1ddcbc',
    bytes: 9_759,
    version: 'commit cb3091a (2023-12-08)',
    licence: 'MIT (Copyright 2021-2022 Dino Bollinger)',
  },
];
