import { DamagedEntryError } from '../markdown/body-store.js';
import type { BodyStore } from '../markdown/types.js';

/**
 * Runs `produce`, and when a cached body turns out damaged, renders that post again and retries:
 * a damaged cache entry costs a re-render, never a wrong page or a failed build.
 */
export async function withRepair<T>(bodies: BodyStore, produce: () => T | Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await produce();
    } catch (error) {
      if (!(error instanceof DamagedEntryError) || attempt > 100 || !bodies.repair) throw error;
      await bodies.repair([error.slug]);
    }
  }
}
