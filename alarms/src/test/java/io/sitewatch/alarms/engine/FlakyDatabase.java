package io.sitewatch.alarms.engine;

import io.sitewatch.alarms.testsupport.TestSchema;
import io.sitewatch.testkit.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh test database with the alarm tables, which can be taken down and brought back; counts connection attempts. */
final class FlakyDatabase {

    final PGSimpleDataSource db = new PGSimpleDataSource();
    final AtomicInteger attempts = new AtomicInteger();
    final DataSource dataSource;
    private volatile boolean down;

    FlakyDatabase() throws SQLException {
        db.setUrl(TestPostgres.newDatabase());
        db.setUser(TestPostgres.user());
        TestSchema.migrate(db);
        dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        attempts.incrementAndGet();
                        if (down) {
                            throw new SQLException("database down");
                        }
                    }
                    try {
                        return method.invoke(db, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void down(boolean down) {
        this.down = down;
    }
}
