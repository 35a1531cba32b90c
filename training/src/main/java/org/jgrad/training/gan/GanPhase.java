package org.jgrad.training.gan;

/** Which of the two networks a batch trains. */
public enum GanPhase {
    /** The critic (discriminator) learns to tell real images from generated ones. */
    CRITIC,
    /** The generator learns to fool the critic. */
    GENERATOR;

    /** The other phase. */
    public GanPhase other() {
        return this == CRITIC ? GENERATOR : CRITIC;
    }
}
