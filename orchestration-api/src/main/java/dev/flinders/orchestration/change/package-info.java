/**
 * Change detection: a {@link dev.flinders.orchestration.change.ChangeDetector} probes a source
 * cheaply and returns a {@link dev.flinders.orchestration.change.Fingerprint}; when it equals the
 * one recorded at the component's last success, the component ends {@code UNCHANGED} without
 * running its task. See docs/change-detection.md.
 */
@NullMarked
package dev.flinders.orchestration.change;

import org.jspecify.annotations.NullMarked;
