import { defineConfig } from 'hashmark';

// Every setting is optional; the README's "Site settings" lists them with their defaults.
export default defineConfig({
  title: 'Hashmark Notes',
  description: 'Field notes on event-driven systems: Kafka, sagas, outboxes, schemas and the tests that keep them honest.',
  author: { name: 'The Hashmark team' },
  url: 'https://hashmark.example',
  language: 'en',
  basePath: '/',
  postsPerPage: 5,
  timeZone: 'UTC',
  rawHtml: 'sanitize',
  feedLength: 20,
});
