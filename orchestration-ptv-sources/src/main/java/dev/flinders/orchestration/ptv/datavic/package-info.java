/**
 * Data.vic (CKAN) sources: {@link dev.flinders.orchestration.ptv.datavic.CkanClient}, a typed
 * client of the CKAN action API that goes through the component's HTTP client; {@link
 * dev.flinders.orchestration.ptv.datavic.DatastoreSource}, a task copying a datastore resource (or
 * its CSV file) into a dataset with change detection; and {@link
 * dev.flinders.orchestration.ptv.datavic.DataVic}, ready-made components for the annual station
 * patronage, the monthly patronage and a catalog of transport datasets. See
 * docs/sources/datavic.md.
 */
@NullMarked
package dev.flinders.orchestration.ptv.datavic;

import org.jspecify.annotations.NullMarked;
