package org.ethervpn.client.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything the client keeps in {@code client.json}: accounts and the virtual adapters to create. */
record ClientConfig(List<AccountConfig> accounts, List<String> nics) {
    static final int VERSION = 1;

    ClientConfig {
        accounts = List.copyOf(accounts);
        nics = List.copyOf(nics);
    }

    static ClientConfig empty() {
        return new ClientConfig(List.of(), List.of());
    }

    Optional<AccountConfig> account(String name) {
        return accounts.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    Optional<String> nic(String name) {
        return nics.stream().filter(n -> n.equals(name)).findFirst();
    }

    /** With {@code account} added, or replacing the one of the same name. */
    ClientConfig with(AccountConfig account) {
        List<AccountConfig> next = new ArrayList<>();
        boolean replaced = false;
        for (AccountConfig a : accounts) {
            if (a.name().equalsIgnoreCase(account.name())) {
                next.add(account);
                replaced = true;
            } else {
                next.add(a);
            }
        }
        if (!replaced) {
            next.add(account);
        }
        return new ClientConfig(next, nics);
    }

    ClientConfig withoutAccount(String name) {
        return new ClientConfig(accounts.stream().filter(a -> !a.name().equalsIgnoreCase(name)).toList(), nics);
    }

    ClientConfig withNic(String name) {
        List<String> next = new ArrayList<>(nics);
        next.add(name);
        return new ClientConfig(accounts, next);
    }

    ClientConfig withoutNic(String name) {
        return new ClientConfig(accounts, nics.stream().filter(n -> !n.equals(name)).toList());
    }
}
