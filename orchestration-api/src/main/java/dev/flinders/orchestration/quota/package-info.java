/**
 * API quotas and rate limits per provider: {@link dev.flinders.orchestration.quota.QuotaPolicy}
 * (registered on the orchestrator), used by components and requests that name the provider. See
 * docs/quotas.md.
 */
@NullMarked
package dev.flinders.orchestration.quota;

import org.jspecify.annotations.NullMarked;
