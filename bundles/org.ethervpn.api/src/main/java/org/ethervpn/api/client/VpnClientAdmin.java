package org.ethervpn.api.client;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Accounts and virtual adapters of one EtherVPN client. Every change is saved before it takes effect.
 * Methods throw {@link org.ethervpn.api.admin.AdminException} (account or adapter not found, already
 * exists, account active, invalid settings).
 */
@ProviderType
public interface VpnClientAdmin {
    List<AccountInfo> accountList();

    /** The settings of one account; secrets are not returned ({@link AccountSettings#password()} is empty). */
    AccountSettings accountGet(String name);

    void accountCreate(AccountSettings settings);

    /**
     * Replaces the settings of an existing account. An empty password keeps the stored one. Applies at
     * the next connect; a connected account keeps its session.
     */
    void accountSet(AccountSettings settings);

    /** Refused while the account is connected or trying to ({@code ACCOUNT_ACTIVE}). */
    void accountDelete(String name);

    /** Starts connecting (returns at once; {@link #accountStatus} follows the progress). */
    void accountConnect(String name);

    void accountDisconnect(String name);

    AccountStatus accountStatus(String name);

    List<NicInfo> nicList();

    /** Creates the virtual network adapter (a TAP device named {@code name}). */
    void nicCreate(String name);

    /** Refused while an active account uses it. */
    void nicDelete(String name);
}
