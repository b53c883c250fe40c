// The demo a new user runs first (`npm run demo`): today it brings the local cluster up,
// builds a tiny app on the Python base image, runs it on the real node and says how to reach it.
export { runDemo } from './run-demo.js';
export { buildSmokeImage, deploySmokeApp, smokeAppManifests, imageByDigest } from './smoke-app.js';
export type { BuiltImage } from './smoke-app.js';
