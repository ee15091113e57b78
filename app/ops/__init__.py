"""Operations: migrations, start-up checks, backups and logs."""
