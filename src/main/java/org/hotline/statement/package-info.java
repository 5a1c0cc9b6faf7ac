/** Statements: signed by a principal, published on the station's public Atom and JSON feeds, verifiable offline. */
package org.hotline.statement;
