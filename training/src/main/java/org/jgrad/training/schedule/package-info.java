/**
 * Hyperparameter schedules over a whole run ({@link org.jgrad.training.schedule.Schedule}),
 * fastai's one-cycle policy ({@link org.jgrad.training.schedule.OneCycle}) and the per-batch
 * {@link org.jgrad.training.schedule.Scheduler} that applies them to an optimizer's groups.
 */
package org.jgrad.training.schedule;
