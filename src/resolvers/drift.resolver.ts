import { Args, Authorized, Query, Resolver } from 'type-graphql';
import type { DriftService } from '../services/drift.service.js';
import { DriftReportArgs, DriftReportType } from './drift.types.js';

/** Drift of the query and score distributions between a reference and a current window. */
@Resolver()
export class DriftResolver {
  constructor(private readonly drift: DriftService) {}

  @Authorized('admin')
  @Query(() => [DriftReportType], {
    description:
      'KS test on top-1 scores and energy test on query embeddings, per model version. Without window arguments the configured windows are used and the results also update the `vitrina_drift_*` metrics.',
  })
  async driftReport(@Args(() => DriftReportArgs) args: DriftReportArgs): Promise<DriftReportType[]> {
    const { modelVersionId, reference, referenceSize, currentSize, currentHours } = args;
    const reports = await this.drift.report({
      modelVersionId,
      windows: {
        reference: reference ?? undefined,
        referenceSize: referenceSize ?? undefined,
        currentSize: currentSize ?? undefined,
        currentHours: currentHours ?? undefined,
      },
    });
    return reports as unknown as DriftReportType[];
  }
}
