/** People: users with a role (principal, operator, auditor), their passwords, logins and tokens. */
package org.hotline.user;
