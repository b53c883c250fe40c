// The demo a new user runs first (`npm run demo`): the seed's story — a pull request to the cat
// app with its gates and preview, the merge, the release and the canary at 20% — on this
// machine, every part real. The scenario's stages are shared with the end-to-end test.
export { runDemo, demoDown, type DemoOptions, type DemoResult } from './run-demo.js';
export { runDemoServices } from './demo-services.js';
export { demoLayout, demoPorts, type DemoLayout } from './demo-layout.js';
export * from './cat-app-scenario.js';
export * from './demo-git.js';
export { SlackInbox, readSlackFile, slackText, type SlackMessage } from './slack-inbox.js';
export * from './slipway-watch.js';
export { mergeTimeline, timelineTable, type TimelineRow } from './merge-timeline.js';
export { StageReporter, type StageTiming } from './stage-reporter.js';
export { buildSmokeImage, deploySmokeApp, smokeAppManifests, imageByDigest } from './smoke-app.js';
export type { BuiltImage } from './smoke-app.js';
