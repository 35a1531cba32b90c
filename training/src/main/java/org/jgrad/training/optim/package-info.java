/**
 * Optimizers ({@link org.jgrad.training.optim.Sgd}, {@link org.jgrad.training.optim.RmsProp},
 * {@link org.jgrad.training.optim.Adam}, {@link org.jgrad.training.optim.AdamW}, fastai's Adam via
 * {@link org.jgrad.training.optim.Adam#fastai}), parameter groups, layer groups with no weight decay
 * on biases and normalization parameters, discriminative learning rates
 * ({@link org.jgrad.training.optim.Lr#slice}) and freezing. Updates use NDArray ops only, so they
 * run on any backend.
 */
package org.jgrad.training.optim;
