import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the seed post', () => {
  it('yields exactly its title, description, date, four tags and featured false', () => {
    const result = loadPosts({ root, contentDir: 'content' });
    const seed = result.value.find((p) => p.source === 'content/2024-02-05-event-driven-architecture-with-kafka.txt');
    expect(seed).toBeDefined();
    expect(seed!.slug).toBe('event-driven-architecture-with-kafka');
    expect(seed!.title).toBe('Event-Driven Architecture with Apache Kafka');
    expect(seed!.description).toBe(
      'Building resilient event-driven systems using Apache Kafka, including patterns for message processing and error handling.',
    );
    expect(seed!.date).toBe('2024-02-05');
    expect(seed!.dateTime).toBeUndefined();
    expect(seed!.tags.map((t) => t.name)).toEqual(['Kafka', 'Event-Driven', 'Messaging', 'Patterns']);
    expect(seed!.tags.map((t) => t.slug)).toEqual(['kafka', 'event-driven', 'messaging', 'patterns']);
    expect(seed!.featured).toBe(false);
    expect(seed!.draft).toBe(false);
    expect(seed!.body.read().startsWith('\n# Event-Driven Architecture with Apache Kafka\n')).toBe(true);
    expect(seed!.bodyLine).toBe(12);
  });

  it('the repository content has no errors', () => {
    const result = loadPosts({ root, contentDir: 'content' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
