package org.planwatch.sheets;

/**
 * A good row and what it says.
 *
 * @param number the row as Excel numbers it (header = 1); for a catalog entry spread over
 * several rows, its first row
 * @param value the report or catalog entry read from it
 */
public record Row<T>(int number, T value) {
}
