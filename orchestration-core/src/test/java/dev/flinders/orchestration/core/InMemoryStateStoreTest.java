package dev.flinders.orchestration.core;

import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.spi.StateStore;

class InMemoryStateStoreTest extends StateStoreContract {
  private InMemoryStateStore memory;

  @Override
  protected StateStore open(int historyLimit) {
    memory = new InMemoryStateStore(historyLimit);
    return memory;
  }

  @Override
  protected StateStore reopen(int historyLimit) {
    return memory;
  }
}
