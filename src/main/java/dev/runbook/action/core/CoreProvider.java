package dev.runbook.action.core;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Provider;
import java.util.List;

/**
 * The core actions, published as one provider per action-name prefix (the catalogue keys providers by the first
 * segment of the action name). Metadata only; {@link CoreSpecs#FACTORY} builds the implementations.
 */
public abstract class CoreProvider implements Provider {
    private final String id;

    protected CoreProvider(String id) {
        this.id = id;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<ActionSpec> specs() {
        return CoreSpecs.all().stream().filter(s -> s.provider().equals(id)).toList();
    }

    @Override
    public final String factoryClass() {
        return CoreSpecs.FACTORY;
    }

    public static final class Http extends CoreProvider {
        public Http() {
            super("http");
        }
    }

    public static final class Shell extends CoreProvider {
        public Shell() {
            super("shell");
        }
    }

    public static final class Manual extends CoreProvider {
        public Manual() {
            super("manual");
        }
    }

    public static final class Wait extends CoreProvider {
        public Wait() {
            super("wait");
        }
    }

    public static final class Assert extends CoreProvider {
        public Assert() {
            super("assert");
        }
    }

    public static final class Message extends CoreProvider {
        public Message() {
            super("message");
        }
    }
}
