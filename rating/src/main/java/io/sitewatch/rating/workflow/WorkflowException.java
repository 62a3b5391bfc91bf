package io.sitewatch.rating.workflow;

/** A request the workflow refuses: {@code conflict} for a wrong state, else a bad request. */
public final class WorkflowException extends Exception {

    private final boolean conflict;

    public WorkflowException(boolean conflict, String message) {
        super(message);
        this.conflict = conflict;
    }

    public boolean conflict() {
        return conflict;
    }
}
