package io.jarbiter.process;

import java.util.ArrayList;
import java.util.List;

/**
 * What the master decided about one worker's boot, once, at its spawn; the worker gets it as one variable
 * ({@link WorkerContract#ENV_BOOT_PLAN}) and only follows it.
 *
 * @param warmUp   other workers serve traffic while this one boots: it serves itself a few hundred requests
 *                 before its first accept, and its JVM keeps replaying the class-data archive's training profiles.
 *                 False when it boots with nobody else serving, or while the others have no traffic (the
 *                 connection board shows none): then it takes connections at once, and nothing waits on a
 *                 warm-up that helps no request
 * @param training it boots only to build the class-data archive ({@code --build-archive}): it loads and wires the
 *                 application but starts no container (no broker needed, nothing consumed) and answers only its
 *                 warm-up, which is what the archive learns the request path from
 */
public record BootPlan(boolean warmUp, boolean training) {
    /** Takes connections at once: the first start, the only worker replaced, a boot while nobody has traffic. */
    public static final BootPlan COLD = new BootPlan(false, false);
    /** Boots beside workers that serve traffic. */
    public static final BootPlan WARM_UP = new BootPlan(true, false);
    /** The {@code --build-archive} worker: its warm-up is the training. */
    public static final BootPlan TRAINING = new BootPlan(true, true);

    private static final String WARM_UP_WORD = "warm-up", TRAINING_WORD = "training";

    /** The variable's value: the words of what is true, comma-separated ({@code ""} for {@link #COLD}). */
    public String encode() {
        List<String> words = new ArrayList<>(2);
        if (warmUp) words.add(WARM_UP_WORD);
        if (training) words.add(TRAINING_WORD);
        return String.join(",", words);
    }

    /** Reads {@link #encode()}'s form; null (the variable unset) is {@link #COLD}. */
    public static BootPlan decode(String value) {
        if (value == null || value.isEmpty()) return COLD;
        boolean warmUp = false, training = false;
        for (String word : value.split(",")) {
            switch (word) {
                case WARM_UP_WORD -> warmUp = true;
                case TRAINING_WORD -> training = true;
                default -> throw new IllegalArgumentException(WorkerContract.ENV_BOOT_PLAN + " has an unknown word '" + word + "': " + value);
            }
        }
        return new BootPlan(warmUp, training);
    }
}
