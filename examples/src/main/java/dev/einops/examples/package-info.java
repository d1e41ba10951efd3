/**
 * Runnable examples: {@link TutorialJob}, the project's main job, replays the einops tutorial on
 * ND4J and prints each statement with the shape of its result.
 */
package dev.einops.examples;
