import { describe, expect, it } from 'vitest';
import { buildArgCacheHazard } from './build-arg-cache.js';

describe('buildArgCacheHazard', () => {
  it('finds an ENV from a build argument with nothing run after it (the cat app as it was)', () => {
    const file = [
      'FROM base',
      'COPY app.py ./',
      '# Last, so a new version only changes the final layers.',
      'ARG APP_VERSION=dev',
      'ENV APP_VERSION=${APP_VERSION} \\',
      '    PATH=/opt/venv/bin:$PATH',
      'LABEL version="${APP_VERSION}"',
      'USER 10001',
      'CMD ["serve"]',
    ].join('\n');
    expect(buildArgCacheHazard(file, ['APP_VERSION'])).toEqual({
      line: 5,
      instruction: 'ENV APP_VERSION=${APP_VERSION} PATH=/opt/venv/bin:$PATH',
      arg: 'APP_VERSION',
    });
  });

  it.each([
    [
      'a RUN after it uses the argument',
      'FROM b\nARG V\nENV X=$V\nRUN echo "$V" > /v\nUSER 1',
      'V',
    ],
    ['the argument is not one given', 'FROM b\nARG V\nENV X=$V', 'OTHER'],
    ['a longer name only starts the same', 'FROM b\nARG VERSION\nENV X=$VERSION_OTHER', 'VERSION'],
    [
      'a LABEL uses it after a RUN that follows the ARG',
      'FROM b\nARG V\nENV X=$V\nRUN true\nLABEL v=$V',
      'V',
    ],
    ['no ENV or LABEL uses it', 'FROM b\nARG V\nRUN echo $V', 'V'],
  ])('finds nothing when %s', (_why, file, arg) => {
    expect(buildArgCacheHazard(file, [arg])).toBeUndefined();
  });

  it('reports a hazard in an earlier stage even if a later stage runs something', () => {
    const file = 'FROM b AS one\nARG V\nLABEL v=${V:-dev}\nFROM b\nRUN true';
    expect(buildArgCacheHazard(file, ['V'])).toMatchObject({ line: 3, arg: 'V' });
  });
});
