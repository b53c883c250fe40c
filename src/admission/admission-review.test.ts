import { describe, expect, it } from 'vitest';
import { allow, parseAdmissionReview } from './admission-review.js';

const request = {
  uid: 'u-1',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  operation: 'CREATE',
  namespace: 'cats',
};

describe('parseAdmissionReview', () => {
  it('reads the request of a v1 AdmissionReview', () => {
    const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
    expect(parseAdmissionReview(review)).toMatchObject(request);
  });

  it.each([
    [
      'a v1beta1 review',
      { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request },
      'field apiVersion',
    ],
    [
      'a review without a request',
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
      'field request',
    ],
    [
      'a request without a uid',
      {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { ...request, uid: '' },
      },
      'field request.uid',
    ],
    ['something else', 'hello', 'field (the body)'],
  ])('names the field at fault in %s', (_what, body, field) => {
    expect(() => parseAdmissionReview(body)).toThrow(
      `not an admission.k8s.io/v1 AdmissionReview: ${field}`,
    );
  });
});

describe('allow', () => {
  it('answers with the uid and no patch when there is nothing to change', () => {
    expect(allow('u-1')).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-1', allowed: true },
    });
  });

  it('sends the JSON Patch base64-encoded, with its type', () => {
    const ops = [{ op: 'add', path: '/spec/volumes', value: [] }] as const;
    const { response } = allow('u-1', ops, ['careful']);
    expect(response.patchType).toBe('JSONPatch');
    expect(JSON.parse(Buffer.from(response.patch ?? '', 'base64').toString('utf8'))).toEqual(ops);
    expect(response.warnings).toEqual(['careful']);
  });
});
