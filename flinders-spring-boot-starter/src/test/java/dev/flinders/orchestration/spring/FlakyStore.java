package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.ForwardingStateStore;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.spi.PipelineLock;

/** An in-memory store whose lock fails while {@link #down}, as a database that went away. */
final class FlakyStore extends ForwardingStateStore {
  volatile boolean down;

  FlakyStore() {
    super(new InMemoryStateStore());
  }

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    if (down) {
      throw new StateStoreException("the database is down", null);
    }
    return super.lock(pipeline, owner);
  }
}
