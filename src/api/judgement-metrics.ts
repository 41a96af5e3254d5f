import { Counter, type Registry } from 'prom-client';
import type { JudgementEvent } from '../domain/metrics.js';

type JudgementLabel =
  'model_version' | 'arm' | 'outcome' | 'shadow' | 'truth_known' | 'experiment' | 'mode' | 'control';

/**
 * Top-1 judgements: a search whose feedback names its correct product scores its version
 * `correct` when that product ranked first, else `incorrect` (`truth_known="true"`); an
 * INCORRECT on the shown top result alone scores the shown ranking `incorrect`
 * (`truth_known="false"`). In shadow experiments the silent candidate is judged on the same
 * feedback (`shadow="true"`), which needs the right product: so the experiment's comparison
 * counts only `truth_known="true"` in shadow mode, as experimentReport does. `experiment`,
 * `mode` and `control` say which experiment the judged search belonged to and whether its arm
 * is the control (`none`, `none`, `false` outside experiments).
 */
export function judgementCounter(registry: Registry): Counter<JudgementLabel> {
  return new Counter({
    name: 'vitrina_top1_judgements_total',
    help: 'Top-1 correctness judged from feedback, by model version, arm, outcome (correct, incorrect), shadow, truth_known (the right product was named), experiment, mode and control.',
    labelNames: ['model_version', 'arm', 'outcome', 'shadow', 'truth_known', 'experiment', 'mode', 'control'] as const,
    registers: [registry],
  });
}

/** The judgement counter's labels: the experiment's, or `none` outside experiments. */
export function judgementLabels(j: {
  model_version: string;
  arm: string;
  outcome: string;
  shadow: boolean;
  truthKnown: boolean;
  experiment: JudgementEvent['experiment'];
}): Record<JudgementLabel, string> {
  return {
    model_version: j.model_version,
    arm: j.arm,
    outcome: j.outcome,
    shadow: String(j.shadow),
    truth_known: String(j.truthKnown),
    experiment: j.experiment?.name ?? 'none',
    mode: j.experiment?.mode ?? 'none',
    control: String(j.experiment?.control ?? false),
  };
}
