using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Candor.Web.Data;

public static class UnitOfWork
{
    /// <summary>
    /// Begins a transaction, or, when the scope already runs in one, a savepoint inside it. A request sent with an
    /// Idempotency-Key runs in a transaction the idempotency middleware owns, so its work commits together with the
    /// stored response; the handler's own "transaction" then commits into that one (and rolls back only its part).
    /// Use this rather than BeginTransactionAsync in anything an API-key POST reaches.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (database.CurrentTransaction is not { } outer)
        {
            return await database.BeginTransactionAsync(cancellationToken);
        }
        var savepoint = $"candor_{Guid.NewGuid():N}";
        await outer.CreateSavepointAsync(savepoint, cancellationToken);
        return new JoinedTransaction(outer, savepoint);
    }

    /// <summary>A savepoint in the outer transaction that reads like a transaction: commit releases it, rollback or dispose undo only its part.</summary>
    private sealed class JoinedTransaction(IDbContextTransaction outer, string savepoint) : IDbContextTransaction
    {
        private bool _finished;

        public Guid TransactionId => outer.TransactionId;

        public void Commit() => Finish(() => outer.ReleaseSavepoint(savepoint));

        public Task CommitAsync(CancellationToken cancellationToken = default) => FinishAsync(() => outer.ReleaseSavepointAsync(savepoint, cancellationToken));

        public void Rollback() => Finish(() => outer.RollbackToSavepoint(savepoint));

        public Task RollbackAsync(CancellationToken cancellationToken = default) => FinishAsync(() => outer.RollbackToSavepointAsync(savepoint, cancellationToken));

        public void Dispose()
        {
            if (!_finished)
            {
                Rollback();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_finished)
            {
                await RollbackAsync();
            }
        }

        private void Finish(Action action)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _finished = true;
            action();
        }

        private Task FinishAsync(Func<Task> action)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _finished = true;
            return action();
        }
    }
}
