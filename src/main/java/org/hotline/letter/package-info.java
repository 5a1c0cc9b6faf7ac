/** Letters between principals: carrying them sealed, listing threads, checking keys, read receipts. */
package org.hotline.letter;
