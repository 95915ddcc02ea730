// @ts-check
// Code block bodies for the corpus. `NAME`, `ITEM` and `N` are replaced per block so blocks differ
// between posts (the highlighter cannot be helped by identical input). No `{{` or `{%` anywhere:
// Hugo shortcodes and Liquid would otherwise read them.

/** @type {Record<string, string[]>} */
export const CODE_SAMPLES = {
  js: [
    `import { createServer } from 'node:http';

const cache = new Map();

export async function NAME(req, res) {
  const key = req.url ?? '/';
  if (cache.has(key)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(cache.get(key));
  }
  const ITEM = await fetch(\`https://api.example.com/v1\${key}\`).then((r) => r.json());
  const body = JSON.stringify({ data: ITEM, cachedAt: Date.now() });
  if (cache.size > N) cache.delete(cache.keys().next().value);
  cache.set(key, body);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}

createServer(NAME).listen(3000);`,
    `// Retry with exponential backoff and jitter
export async function NAME(fn, { retries = N, base = 100 } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= retries) throw err;
      const delay = base * 2 ** attempt + Math.floor(Math.random() * base);
      console.warn(\`attempt \${attempt + 1} failed, retrying in \${delay} ms\`, err.message);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const ITEM = await NAME(() => loadOrders({ limit: 50 }));`,
  ],
  ts: [
    `interface ITEMEvent {
  id: string;
  type: 'created' | 'updated' | 'deleted';
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export class NAME {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = N) {}

  accept(event: ITEMEvent): boolean {
    if (this.seen.has(event.id)) return false;
    this.seen.add(event.id);
    if (this.seen.size > this.limit) {
      const [oldest] = this.seen;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}`,
    `type Result<T, E = Error> = { ok: true; value: T } | { ok: false; error: E };

export function NAME<T>(input: string): Result<T> {
  try {
    return { ok: true, value: JSON.parse(input) as T };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

const ITEM = NAME<{ retries: number }>('{"retries": N}');
if (ITEM.ok) console.log(ITEM.value.retries);`,
  ],
  python: [
    `import asyncio
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class ITEM:
    name: str
    attempts: int = 0
    tags: list[str] = field(default_factory=list)


async def NAME(queue: asyncio.Queue, limit: int = N) -> None:
    while True:
        job = await queue.get()
        try:
            job.attempts += 1
            await asyncio.sleep(0.01 * job.attempts)
            log.info("processed %s after %d attempts", job.name, job.attempts)
        except Exception:
            if job.attempts < limit:
                await queue.put(job)
        finally:
            queue.task_done()`,
    `def NAME(rows, key="ITEM", size=N):
    """Group rows into batches of at most \`size\` per key."""
    batches = {}
    for row in rows:
        bucket = batches.setdefault(row[key], [[]])
        if len(bucket[-1]) >= size:
            bucket.append([])
        bucket[-1].append(row)
    return [batch for bucket in batches.values() for batch in bucket]


if __name__ == "__main__":
    print(NAME([{"ITEM": i % 3, "value": i} for i in range(10)]))`,
  ],
  go: [
    `package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func NAME(ctx context.Context, jobs <-chan int, workers int) []int {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		results []int
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ITEM := range jobs {
				select {
				case <-ctx.Done():
					return
				case <-time.After(N * time.Millisecond):
				}
				mu.Lock()
				results = append(results, ITEM*2)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println("done", len(results))
	return results
}`,
    `type ITEM struct {
	ID        string    \`json:"id"\`
	CreatedAt time.Time \`json:"created_at"\`
	Retries   int       \`json:"retries"\`
}

func NAME(w http.ResponseWriter, r *http.Request) {
	var in ITEM
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if in.Retries > N {
		http.Error(w, "too many retries", http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}`,
  ],
  java: [
    `@Service
public class NAME {
    private static final int MAX_ATTEMPTS = N;
    private final KafkaTemplate<String, ITEM> template;

    public NAME(KafkaTemplate<String, ITEM> template) {
        this.template = template;
    }

    @Transactional
    public void publish(ITEM event) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                template.send("events", event.getId(), event).get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                log.warn("publish attempt {} failed: {}", attempt, e.getMessage());
            }
        }
        throw new IllegalStateException("could not publish " + event.getId());
    }
}`,
  ],
  sql: [
    `-- Keep the newest row per key, then index what the dashboard reads
WITH ranked AS (
  SELECT id, ITEM_id, status, updated_at,
         row_number() OVER (PARTITION BY ITEM_id ORDER BY updated_at DESC) AS rn
  FROM NAME
  WHERE updated_at > now() - interval 'N days'
)
SELECT ITEM_id, status, updated_at
FROM ranked
WHERE rn = 1
ORDER BY updated_at DESC
LIMIT 100;

CREATE INDEX CONCURRENTLY IF NOT EXISTS NAME_ITEM_updated_idx
  ON NAME (ITEM_id, updated_at DESC);`,
    `CREATE TABLE NAME (
  id          bigserial PRIMARY KEY,
  ITEM_key    text        NOT NULL UNIQUE,
  payload     jsonb       NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts <= N),
  created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO NAME (ITEM_key, payload)
VALUES ('order-42', '{"total": 99.5}')
ON CONFLICT (ITEM_key) DO NOTHING;`,
  ],
  bash: [
    `#!/usr/bin/env bash
set -euo pipefail

NAME() {
  local ITEM="$1"
  for i in $(seq 1 N); do
    if curl -fsS "https://status.example.com/$ITEM" > /dev/null; then
      echo "$ITEM is up"
      return 0
    fi
    echo "attempt $i failed, sleeping" >&2
    sleep $((i * 2))
  done
  return 1
}

NAME api && NAME worker`,
    `docker build -t NAME:latest .
docker run --rm -d --name NAME -p 8080:8080 \\
  -e ITEM_LIMIT=N \\
  -v "$PWD/config:/etc/NAME:ro" \\
  NAME:latest
docker logs -f NAME | grep --line-buffered ERROR`,
  ],
  yaml: [
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
  labels:
    app: NAME
spec:
  replicas: N
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      containers:
        - name: ITEM
          image: registry.example.com/NAME:1.4.2
          ports:
            - containerPort: 8080
          resources:
            limits:
              memory: 256Mi
              cpu: 500m`,
    `name: NAME
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: N
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm test -- --reporter=ITEM`,
  ],
  rust: [
    `use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ITEM {
    pub id: u64,
    pub name: String,
}

pub fn NAME(items: &[ITEM], limit: usize) -> HashMap<u64, String> {
    let mut out = HashMap::with_capacity(items.len().min(limit));
    for item in items.iter().take(limit) {
        out.entry(item.id).or_insert_with(|| item.name.to_uppercase());
    }
    std::thread::sleep(Duration::from_millis(N));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_name_per_id() {
        let items = vec![ITEM { id: 1, name: "a".into() }, ITEM { id: 1, name: "b".into() }];
        assert_eq!(NAME(&items, 10)[&1], "A");
    }
}`,
  ],
};

export const CODE_LANGUAGES = Object.keys(CODE_SAMPLES);
