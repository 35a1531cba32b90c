package org.jgrad.nn;

/**
 * Marks normalization layers (BatchNorm, LayerNorm). Their parameters get no weight decay by
 * default, and they may keep training while the rest of a model is frozen (fastai's
 * {@code wd_bn_bias=False}, {@code train_bn=True}).
 */
public interface NormalizationLayer {
}
