"""Focal-point sync: a current "focal point" city role gives its contact's account the city's access."""

from django.db.models.signals import post_delete, post_save

from .models import CityRole


def connect():
    post_save.connect(_role_saved, sender=CityRole, dispatch_uid="contacts-focal-point-sync")
    post_delete.connect(_role_deleted, sender=CityRole, dispatch_uid="contacts-focal-point-sync-deleted")


def _role_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.role == CityRole.Role.FOCAL_POINT:
        from .focal_point_sync import sync_city_focal_points

        sync_city_focal_points(instance.city)


def _role_deleted(sender, instance, **kwargs):
    if instance.role == CityRole.Role.FOCAL_POINT:
        from .focal_point_sync import sync_city_focal_points

        sync_city_focal_points(instance.city, removed_role=instance)
