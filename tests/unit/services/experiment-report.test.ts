import { describe, expect, it } from 'vitest';
import type { ExperimentArm } from '../../../src/entities/experiment-arm.entity.js';
import type { ModelVersion } from '../../../src/entities/model-version.entity.js';
import { createRandom } from '../../../src/lib/random.js';
import { compareArms, recommend, type ArmReport } from '../../../src/services/experiment-report.js';
import { DEFAULT_SETTINGS, type ExperimentSettings } from '../../../src/services/experiment-settings.js';

/** An arm's report with only what the decision reads: judged and correct searches. */
function arm(name: string, judged: number, correct: number): ArmReport {
  return {
    arm: { name, isControl: name === 'control' } as ExperimentArm,
    version: { name } as ModelVersion,
    weight: 0.5,
    searches: judged,
    users: judged,
    feedback: judged,
    judged,
    correct,
    accuracy: judged > 0 ? correct / judged : null,
    accuracyInterval: [0, 1],
    anyCorrectShare: null,
    failures: 0,
    failureRate: 0,
    latencyP50: null,
    latencyP95: null,
    latencyP99: null,
    comparison: null,
    liftInterval: null,
  };
}

function decide(control: ArmReport, candidate: ArmReport, settings: ExperimentSettings) {
  compareArms([control, candidate], control, settings, 1);
  return recommend([control, candidate], control, settings, null);
}

describe('the experiment recommendation', () => {
  it('promotes a clear winner once every arm has minSamples, and says why', () => {
    const settings = { ...DEFAULT_SETTINGS, minSamples: 100 };
    expect(decide(arm('control', 99, 80), arm('candidate', 150, 148), settings).recommendation).toBe('keep_running');
    const candidate = arm('candidate', 200, 196);
    const decision = decide(arm('control', 200, 170), candidate, settings);
    expect(decision.recommendation).toBe('promote');
    expect(decision.recommendedArm).toBe(candidate);
    expect(candidate.liftInterval!.lower).toBeGreaterThan(settings.minLift);
    expect(decision.reason).toMatch(/^arm candidate beats the control with probability 1\.000 .*always-valid 95% lift/);
  });

  it('stops when the control wins at every look, keeps running when the lift is unclear', () => {
    const settings = { ...DEFAULT_SETTINGS, minSamples: 100 };
    expect(decide(arm('control', 200, 196), arm('candidate', 200, 170), settings)).toMatchObject({
      recommendation: 'stop',
      reason: expect.stringMatching(/control beats every candidate/),
    });
    // Ahead by 8 points on 200 each: enough for one look's posterior (P(lift > 1 point) ≈ 0.98),
    // not for every look.
    const unclear = decide(arm('control', 200, 168), arm('candidate', 200, 184), settings);
    expect(unclear.reason).toMatch(/^no arm's always-valid 95% lift interval clears 1\.0% yet/);
    expect(unclear.recommendation).toBe('keep_running');
  });

  it('rarely promotes one of two identical arms read at many looks', () => {
    // minLift 0 makes this the bare peeking test: the old P(lift > 0) ≥ 0.95 rule fails it.
    const settings = { ...DEFAULT_SETTINGS, minSamples: 100, minLift: 0 };
    const random = createRandom(9);
    const runs = 100;
    let promoted = 0;
    for (let run = 0; run < runs; run++) {
      const control = arm('control', 0, 0);
      const candidate = arm('candidate', 0, 0);
      for (let look = 0; look < 10; look++) {
        for (const a of [control, candidate]) {
          for (let i = 0; i < 100; i++) a.correct += random.next() < 0.9 ? 1 : 0;
          a.judged += 100;
        }
        if (decide(control, candidate, settings).recommendation === 'promote') {
          promoted++;
          break;
        }
      }
    }
    expect(promoted / runs).toBeLessThanOrEqual(0.05);
  });
});
