import { describe, expect, it } from 'vitest';
import { cvss3BaseScore } from './cvss.js';
import { advisorySeverity, matchAdvisories, parseAdvisories, type Advisory } from './osv-match.js';
import type { InstalledPackage, OsRelease } from './package-inventory.js';
import { compareDpkgVersions, comparePep440Versions } from './version-order.js';

describe('compareDpkgVersions', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0-1', '1.0-2', -1],
    ['1:0.9', '2.0', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0', '1.0+deb12u1', -1],
    ['3.0.11-1~deb12u2', '3.0.11-1', -1],
    ['2.36-9+deb12u4', '2.36-9+deb12u10', -1],
    ['1.2a', '1.2', 1],
    ['7.88.1-10+deb12u5', '7.88.1-10+deb12u12', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareDpkgVersions(a, b)).toBe(expected);
    expect(compareDpkgVersions(b, a)).toBe(-expected || 0);
  });
});

describe('comparePep440Versions', () => {
  it.each([
    ['1.0', '1.0.0', 0],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0', '1.0.post1', -1],
    ['2.31.0', '2.4.0', 1],
    ['1!0.1', '2.0', 1],
    ['v1.2', '1.2', 0],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(comparePep440Versions(a, b)).toBe(expected);
  });
});

describe('cvss3BaseScore', () => {
  it.each<[string, number | undefined]>([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:2.0/AV:N', undefined],
    ['CVSS:3.1/AV:N/AC:L', undefined],
  ])('%s → %s', (vector, score) => expect(cvss3BaseScore(vector)).toBe(score));
});

const bookworm: OsRelease = { id: 'debian', versionId: '12', name: 'Debian GNU/Linux 12' };

const deb = (name: string, version: string, source = name): InstalledPackage => ({
  ecosystem: 'Debian',
  name,
  version,
  source,
  sourceVersion: version,
  foundIn: '/var/lib/dpkg/status',
});
const pypi = (name: string, version: string): InstalledPackage => ({
  ecosystem: 'PyPI',
  name,
  version,
  source: name.toLowerCase().replace(/[-_.]+/g, '-'),
  sourceVersion: version,
  foundIn: '/usr/lib/python3/dist-packages/x.dist-info/METADATA',
});

const advisory = (
  ecosystem: string,
  name: string,
  events: object[],
  extra: object = {},
): Advisory =>
  parseAdvisories(
    JSON.stringify({
      id: 'OSV-1',
      affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
      ...extra,
    }),
    'a.json',
  )[0] as Advisory;

describe('matchAdvisories', () => {
  it.each<[string, InstalledPackage, Advisory, boolean]>([
    [
      'fixed later',
      deb('libc6', '2.36-9', 'glibc'),
      advisory('Debian:12', 'glibc', [{ introduced: '0' }, { fixed: '2.36-9+deb12u4' }]),
      true,
    ],
    [
      'already fixed',
      deb('libc6', '2.36-9+deb12u4', 'glibc'),
      advisory('Debian:12', 'glibc', [{ introduced: '0' }, { fixed: '2.36-9+deb12u4' }]),
      false,
    ],
    [
      'other Debian release',
      deb('libc6', '2.36-9', 'glibc'),
      advisory('Debian:11', 'glibc', [{ introduced: '0' }]),
      false,
    ],
    [
      'any Debian release, by binary name',
      deb('openssl', '3.0.11-1'),
      advisory('Debian', 'openssl', [{ introduced: '3.0.0' }, { fixed: '3.0.13-1' }]),
      true,
    ],
    [
      'before introduced',
      deb('openssl', '1.1.1', 'openssl'),
      advisory('Debian', 'openssl', [{ introduced: '3.0.0' }, { fixed: '3.0.13-1' }]),
      false,
    ],
    [
      'last_affected inclusive',
      pypi('Requests', '2.31.0'),
      advisory('PyPI', 'requests', [{ introduced: '0' }, { last_affected: '2.31.0' }]),
      true,
    ],
    [
      'after last_affected',
      pypi('requests', '2.32.0'),
      advisory('PyPI', 'requests', [{ introduced: '0' }, { last_affected: '2.31.0' }]),
      false,
    ],
    [
      'PEP 503 names',
      pypi('Foo_Bar', '1.0'),
      advisory('PyPI', 'foo.bar', [{ introduced: '0' }, { fixed: '1.1' }]),
      true,
    ],
    [
      'two ranges, second hits',
      pypi('x', '2.5'),
      advisory('PyPI', 'x', [
        { introduced: '1.0' },
        { fixed: '1.2' },
        { introduced: '2.0' },
        { fixed: '2.6' },
      ]),
      true,
    ],
    [
      'between two ranges',
      pypi('x', '1.5'),
      advisory('PyPI', 'x', [
        { introduced: '1.0' },
        { fixed: '1.2' },
        { introduced: '2.0' },
        { fixed: '2.6' },
      ]),
      false,
    ],
    [
      'wrong ecosystem',
      pypi('openssl', '1.0'),
      advisory('Debian', 'openssl', [{ introduced: '0' }]),
      false,
    ],
  ])('%s', (_, pkg, adv, hit) => {
    expect(matchAdvisories([pkg], [adv], bookworm).length > 0).toBe(hit);
  });

  it('reports the fix and the severity from the CVSS vector', () => {
    const adv = advisory('PyPI', 'x', [{ introduced: '0' }, { fixed: '1.1' }], {
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    });
    expect(matchAdvisories([pypi('x', '1.0')], [adv], bookworm)[0]).toMatchObject({
      advisory: 'OSV-1',
      severity: 'critical',
      severityKnown: true,
      fixedIn: '1.1',
    });
  });

  it('matches explicit versions', () => {
    const [adv] = parseAdvisories(
      JSON.stringify({
        vulns: [
          {
            id: 'GHSA-1',
            affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, versions: ['1.0'] }],
          },
        ],
      }),
      'a.json',
    );
    expect(
      matchAdvisories(
        [pypi('x', '1.0'), pypi('x', '1.1')],
        adv === undefined ? [] : [adv],
        bookworm,
      ),
    ).toHaveLength(1);
  });
});

describe('advisorySeverity', () => {
  it.each<[object, string | undefined]>([
    [{ database_specific: { severity: 'MODERATE' } }, 'medium'],
    [
      { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }] },
      'medium',
    ],
    [{ severity: [{ type: 'CVSS_V3', score: '7.5' }] }, 'high'],
    [
      {
        affected: [
          {
            package: { ecosystem: 'Debian', name: 'x' },
            ecosystem_specific: { severity: 'unimportant' },
          },
        ],
      },
      'low',
    ],
    [{}, undefined],
  ])('%j → %s', (extra, severity) => {
    const [adv] = parseAdvisories(JSON.stringify({ id: 'X', ...extra }), 'a.json');
    expect(adv === undefined ? 'none' : advisorySeverity(adv, adv.affected[0])).toBe(severity);
  });
});

describe('parseAdvisories', () => {
  it.each([
    ['{', 'a.json is not JSON'],
    ['[{"affected": []}]', 'a.json is not in OSV format: 0.id Required'],
  ])('rejects %j', (text, message) => {
    expect(() => parseAdvisories(text, 'a.json')).toThrow(message);
  });
});
