/** @jest-environment ./test/nlu/onnx-environment.ts */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwitchboardError } from '../../src/errors';
import { readModel, saveModel } from '../../src/nlu/model/model-files';
import { ModelRegistry } from '../../src/nlu/model-registry';
import { NluEngine } from '../../src/nlu/nlu-engine';
import { trainTinyModel } from './fixtures';

function waitFor<T>(register: (resolve: (value: T) => void) => void, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('ModelRegistry hot swap', () => {
  it('swaps to a newly trained model while classifying continuously, without a failed call', async () => {
    const dir = await trainTinyModel();
    const next = readModel(await trainTinyModel({ network: { seed: 99 } }));
    const registry = new ModelRegistry({ dir, debounceMs: 30, pollMs: 100 });
    await registry.start();
    const nlu = new NluEngine({ models: registry });
    const firstId = registry.current()?.modelId;
    const seen = new Set<string>();
    const failures: unknown[] = [];
    let calls = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          seen.add((await nlu.understand('I lost my card')).modelId);
          calls++;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const swapped = waitFor<string>((resolve) => registry.on('loaded', (m) => resolve(m.modelId)));
    await new Promise((r) => setTimeout(r, 50));
    saveModel(dir, { ...next, manifest: { ...next.manifest, modelId: 'retrained' } });
    expect(await swapped).toBe('retrained');
    await new Promise((r) => setTimeout(r, 50));
    running = false;
    await loop;
    await registry.close();
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(10);
    expect(seen).toEqual(new Set([firstId, 'retrained']));
  });

  it('keeps serving the old model and reports a coded error when the new one is broken', async () => {
    const dir = await trainTinyModel();
    const registry = new ModelRegistry({ dir, debounceMs: 30, pollMs: 100 });
    await registry.start();
    const before = registry.current()?.modelId;
    const failed = waitFor<SwitchboardError>((resolve) => registry.on('loadFailed', resolve));
    writeFileSync(join(dir, 'model.onnx'), readFileSync(join(dir, 'model.onnx')).subarray(0, 64));
    expect((await failed).code).toBe('SWB_ERR_NLU_MODEL_CORRUPT');
    expect(registry.isReady()).toBe(true);
    expect(registry.current()?.modelId).toBe(before);
    expect((await new NluEngine({ models: registry }).understand('hello')).intent).toBe('greeting');
    await registry.close();
    await registry.close();
    expect(registry.isReady()).toBe(false);
  });

  it('becomes ready when a model appears in a folder that had none', async () => {
    const source = readModel(await trainTinyModel());
    const dir = join(await trainTinyModel(), 'later');
    const registry = new ModelRegistry({ dir, debounceMs: 20, pollMs: 50 });
    await expect(registry.start()).rejects.toMatchObject({ code: 'SWB_ERR_NLU_MODEL_MISSING' });
    const loaded = waitFor((resolve) => registry.on('loaded', resolve));
    saveModel(dir, source);
    await loaded;
    expect(registry.isReady()).toBe(true);
    await registry.close();
  });
});
