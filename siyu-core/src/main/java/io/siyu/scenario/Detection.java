package io.siyu.scenario;

/** A scenario found in a message: which, the text that matched, and where in the message. */
public record Detection(String scenario, String matched, int offset) {}
