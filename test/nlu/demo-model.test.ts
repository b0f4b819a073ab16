/** @jest-environment ./test/nlu/onnx-environment.ts */
import { join } from 'node:path';
import { IntentModel } from '../../src/nlu/intent-model';
import { NluEngine } from '../../src/nlu/nlu-engine';

/** The one test that uses the committed demo model (retrain it with `npm run train`). */
describe('committed demo model (models/acme)', () => {
  it('loads and classifies "I lost my card" as report_lost_card', async () => {
    const model = await IntentModel.load(join(__dirname, '..', '..', 'models', 'acme'));
    try {
      const result = await new NluEngine({ models: model }).understand('I lost my card');
      expect(result).toMatchObject({ intent: 'report_lost_card', outOfScope: false });
    } finally {
      await model.close();
    }
  });
});
